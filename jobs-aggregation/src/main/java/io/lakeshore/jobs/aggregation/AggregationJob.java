package io.lakeshore.jobs.aggregation;

import static io.lakeshore.jobs.aggregation.ServingTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobContext;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.RunWindow;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.transform.Transforms;
import io.lakeshore.core.transform.Typed;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

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
    return new AggregationJob(config.job(NAME).intValue("lateness-days", 0, 365));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    RunWindow touched = w.extendBack(latenessDays);
    return new JobPlan(
        List.of(new JobPlan.Input(CURATED_ORDERS.toString(), "order_date " + touched + "; full history of affected customers")),
        List.of(
            new JobPlan.Output(DAILY_REVENUE.id(), "replace", "order_date " + touched),
            new JobPlan.Output(CUSTOMER_LTV.id(), "merge by customer_id", "customers with orders on " + touched)));
  }

  @Override
  public void run(JobContext ctx) {
    RunWindow touched = ctx.window().extendBack(latenessDays);
    var commit = ctx.run().commitInfo();
    Dataset<Row> curated = ctx.lakehouse().table(CURATED_ORDERS).read();
    Dataset<Row> recent = curated.filter(touched.covers(col(ORDER_DATE)));
    // Read once: feeds the daily revenue and the set of affected customers. Only the columns
    // CuratedOrder declares are kept, so the cache holds the window's slice of those.
    Dataset<CuratedOrder> recentOrders = Typed.fromTable(recent, CuratedOrder.ENCODER).persist(StorageLevel.MEMORY_AND_DISK());
    ctx.report().table(CURATED_ORDERS.toString()).read(recentOrders.count());

    LakeTable daily = ctx.lakehouse().create(DAILY_REVENUE);
    Dataset<Row> revenue =
        Transforms.project(AuditColumns.stamp(Typed.toTable(AggregationTransforms.dailyRevenue(recentOrders)), ctx.run()),
            Transforms.names(DAILY_REVENUE.schema())).cache();
    long revenueRows = revenue.count();
    daily.replace(revenue, touched.covers(col(ORDER_DATE)), commit);
    revenue.unpersist();
    ctx.report().table(DAILY_REVENUE.id().toString())
        .written(revenueRows);

    Dataset<Row> affected = recentOrders.toDF().select(col("customerId").as(CUSTOMER_ID)).distinct();
    Dataset<Row> history = curated.join(affected, curated.col(CUSTOMER_ID).equalTo(affected.col(CUSTOMER_ID)), "left_semi");
    LakeTable ltv = ctx.lakehouse().create(CUSTOMER_LTV);
    Dataset<Row> values =
        Transforms.project(
            AuditColumns.stamp(Typed.toTable(AggregationTransforms.customerLtv(Typed.fromTable(history, CuratedOrder.ENCODER))), ctx.run()),
            Transforms.names(CUSTOMER_LTV.schema())).cache();
    long customers = values.count();
    ltv.merge(
        values,
        ltv.target(CUSTOMER_ID).equalTo(LakeTable.source(CUSTOMER_ID)),
        m -> m.whenMatched().updateAll().whenNotMatched().insertAll(),
        commit);
    values.unpersist();
    recentOrders.unpersist();
    ctx.report().table(CUSTOMER_LTV.id().toString())
        .written(customers);
  }

  public static void main(String[] args) {
    JobLauncher.main(NAME, AggregationJob::fromConfig, args);
  }
}
