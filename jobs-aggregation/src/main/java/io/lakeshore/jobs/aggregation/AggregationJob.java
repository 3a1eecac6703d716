package io.lakeshore.jobs.aggregation;

import static io.lakeshore.jobs.aggregation.ServingTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Merge;
import io.lakeshore.core.job.Read;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.job.Write;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.transform.Typed;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * curated → serving. {@code serving.daily_revenue} is recomputed for the order dates the window
 * can have changed (the window widened back by the lateness horizon) and replaces exactly those
 * partitions. {@code serving.customer_ltv} is recomputed for the customers with orders on those
 * dates, from their whole history, and merged by customer id.
 */
public final class AggregationJob implements Job {
  public static final String NAME = "aggregation";
  private final int latenessDays;

  public AggregationJob(int latenessDays) {
    this.latenessDays = latenessDays;
  }

  public static AggregationJob fromConfig(LakeshoreConfig config) {
    return new AggregationJob(config.latenessDays());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    RunWindow touched = w.extendBack(latenessDays);
    // read once for both marts: it gives the daily revenue and the customers whose LTV changed
    Read recent = Read.of(CURATED_ORDERS, Scope.dates(ORDER_DATE, touched));
    Read history = Read.of(CURATED_ORDERS, Scope.all("the history of the customers with orders on " + touched));
    Write daily = Write.replace(DAILY_REVENUE, Scope.dates(ORDER_DATE, touched))
        .from(List.of(recent), reads ->
            Typed.toTable(AggregationTransforms.dailyRevenue(Typed.fromTable(reads.get(recent), CuratedOrder.ENCODER))));
    Write ltv = Write.merge(CUSTOMER_LTV, Merge.byKey(CUSTOMER_ID))
        .from(List.of(recent, history), reads -> {
          Dataset<Row> affected = reads.get(recent).select(col(CUSTOMER_ID)).distinct();
          Dataset<Row> all = reads.get(history);
          Dataset<Row> theirs = all.join(affected, all.col(CUSTOMER_ID).equalTo(affected.col(CUSTOMER_ID)), "left_semi");
          return Typed.toTable(AggregationTransforms.customerLtv(Typed.fromTable(theirs, CuratedOrder.ENCODER)));
        });
    return JobPlan.of(daily, ltv);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, AggregationJob::fromConfig);
    }
  }
}
