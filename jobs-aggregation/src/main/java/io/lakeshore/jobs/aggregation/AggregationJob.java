package io.lakeshore.jobs.aggregation;

import static io.lakeshore.jobs.aggregation.ServingTables.*;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Changes;
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

/**
 * curated → serving. {@code serving.daily_revenue} is recomputed for the order dates the window
 * can have changed (the window widened back by the lateness horizon) and replaces exactly those
 * partitions. {@code serving.customer_ltv} is kept up to date from what changed in {@code
 * curated.orders} since the version its last commit consumed (whatever windows curation ran
 * for since): the changed partitions then and now give each touched customer's difference, added
 * to the customer's row in one merge that records the version consumed. Its cost follows the
 * changed partitions, not the table's history; the first run, and a run after the consumed
 * version was cleaned up or rolled over, recomputes every customer from the whole table.
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
    Read recent = Read.of(CURATED_ORDERS, Scope.dates(ORDER_DATE, touched));
    Read changed = Read.changes(CURATED_ORDERS, ORDER_DATE);
    Write daily = Write.replace(DAILY_REVENUE, Scope.dates(ORDER_DATE, touched))
        .from(List.of(recent), reads ->
            Typed.toTable(AggregationTransforms.dailyRevenue(Typed.fromTable(reads.get(recent), CuratedOrder.ENCODER))));
    Write ltv = Write.merge(CUSTOMER_LTV, Merge.byKey(CUSTOMER_ID))
        .from(List.of(changed), reads -> {
          Changes changes = reads.changes(changed);
          // a complete change is every order: the values are recomputed, not added to the target's
          Dataset<CustomerLifetimeValue> current = changes.complete()
              ? Typed.fromTable(reads.target().limit(0), CustomerLifetimeValue.ENCODER)
              : Typed.fromTable(reads.target(), CustomerLifetimeValue.ENCODER);
          return Typed.toTable(AggregationTransforms.customerLtv(current,
              Typed.fromTable(changes.before(), CuratedOrder.ENCODER), Typed.fromTable(changes.after(), CuratedOrder.ENCODER)));
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
