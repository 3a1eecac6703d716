package io.lakeshore.jobs.curation;

import static io.lakeshore.jobs.curation.CuratedTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

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

/**
 * golden → curated: {@code curated.orders} keeps the latest event of every order (late events
 * update their order's partition), {@code curated.customers} is the SCD2 customer dimension.
 * Both are maintained by one merge each, whose condition carries the window's predicate; a
 * rerun of the same window changes no row.
 *
 * <p>The SCD2 merge recomputes the version chain from the window's start on, from the version in
 * effect before the window and every daily snapshot from the window's first day on (later days
 * included), so the dimension is right whatever order windows are loaded or reloaded in.
 */
public final class CurationJob implements Job {
  public static final String NAME = "curation";
  private final int latenessDays;

  public CurationJob(int latenessDays) {
    this.latenessDays = latenessDays;
  }

  public static CurationJob fromConfig(LakeshoreConfig config) {
    return new CurationJob(config.job(NAME).intValue("lateness-days", 0, 365));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    RunWindow touched = w.extendBack(latenessDays);
    return new JobPlan(
        List.of(
            new JobPlan.Input(GOLDEN_ORDERS.toString(), "ingest_date " + w + ", order_date " + touched),
            new JobPlan.Input(GOLDEN_CUSTOMERS.toString(), "snapshot_date from " + w.from() + " on")),
        List.of(
            new JobPlan.Output(ORDERS.id(), "merge by order_id", "order_date " + touched),
            new JobPlan.Output(CUSTOMERS.id(), "merge by customer_id, valid_from", "versions from " + w.from() + " on")));
  }

  @Override
  public void run(JobContext ctx) {
    RunWindow w = ctx.window();
    RunWindow touched = w.extendBack(latenessDays);
    var commit = ctx.run().commitInfo();

    // Orders: latest event per order among the window's events, merged if newer.
    Dataset<Row> events =
        ctx.lakehouse().table(GOLDEN_ORDERS).read()
            .filter(touched.covers(col(ORDER_DATE)).and(w.covers(col(INGEST_DATE))));
    Dataset<Row> latest =
        Transforms.project(
            AuditColumns.stamp(Typed.toTable(CurationTransforms.latestPerOrder(Typed.fromTable(events, OrderEvent.ENCODER))), ctx.run()),
            Transforms.names(ORDERS.schema())).cache();
    LakeTable orders = ctx.lakehouse().create(ORDERS);
    long candidates = latest.count();
    orders.merge(
        latest,
        orders.target(ORDER_ID).equalTo(LakeTable.source(ORDER_ID))
            .and(orders.target(ORDER_DATE).equalTo(LakeTable.source(ORDER_DATE)))
            .and(touched.covers(orders.target(ORDER_DATE))),
        m -> m.whenMatched(
                LakeTable.source(LAST_EVENT_TS).gt(orders.target(LAST_EVENT_TS))
                    .or(LakeTable.source(LAST_EVENT_TS).equalTo(orders.target(LAST_EVENT_TS))
                        .and(LakeTable.source(LAST_EVENT_ID).gt(orders.target(LAST_EVENT_ID)))))
            .updateAll()
            .whenNotMatched().insertAll(),
        commit);
    latest.unpersist();
    ctx.report().table(ORDERS.id().toString())
        .read(candidates).written(candidates);

    // Customers: the SCD2 chain from the window's start on, rebuilt from every snapshot since then,
    // so that days loaded out of order, or later days loaded earlier, keep their versions.
    Dataset<Row> snapshots = ctx.lakehouse().table(GOLDEN_CUSTOMERS).read().filter(col(SNAPSHOT_DATE).geq(lit(w.from())));
    LakeTable dim = ctx.lakehouse().create(CUSTOMERS);
    Dataset<Row> known = dim.read().filter(CurationTransforms.inEffectBefore(w.from()));
    Dataset<Row> versions =
        Transforms.project(
            AuditColumns.stamp(CurationTransforms.scd2Versions(known, snapshots), ctx.run()),
            Transforms.names(CUSTOMERS.schema())).cache();
    long versionCount = versions.count();
    dim.merge(
        versions,
        dim.target(CUSTOMER_ID).equalTo(LakeTable.source(CUSTOMER_ID))
            .and(dim.target(VALID_FROM).equalTo(LakeTable.source(VALID_FROM))),
        m -> m.whenMatched(
                not(dim.target(VALID_TO).eqNullSafe(LakeTable.source(VALID_TO)))
                    .or(dim.target(ATTR_HASH).notEqual(LakeTable.source(ATTR_HASH))))
            .updateAll()
            .whenNotMatched().insertAll()
            // versions from the window on that the recomputed chain no longer has
            .whenNotMatchedBySource(dim.target(VALID_FROM).geq(lit(w.from()))).delete(),
        commit);
    versions.unpersist();
    ctx.report().table(CUSTOMERS.id().toString())
        .read(versionCount).written(versionCount);
  }

  public static void main(String[] args) {
    JobLauncher.main(NAME, CurationJob::fromConfig, args);
  }
}
