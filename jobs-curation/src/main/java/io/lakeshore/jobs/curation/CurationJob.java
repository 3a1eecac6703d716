package io.lakeshore.jobs.curation;

import static io.lakeshore.jobs.curation.CuratedTables.*;

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
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.transform.Typed;
import java.util.List;

/**
 * golden → curated: {@code curated.orders} keeps the latest event of every order (late events
 * update their order's partition), {@code curated.customers} is the SCD2 customer dimension.
 * Both are maintained by one merge each, whose condition carries the window's predicate; a
 * rerun of the same window changes no row.
 *
 * <p>The SCD2 merge ({@link io.lakeshore.core.job.Scd2}) recomputes the version chain from the
 * window's start on, from the version in effect before the window and every daily snapshot from
 * the window's first day on (later days included), so the dimension is right whatever order
 * windows are loaded or reloaded in.
 */
public final class CurationJob implements Job {
  public static final String NAME = "curation";
  private final int latenessDays;

  public CurationJob(int latenessDays) {
    this.latenessDays = latenessDays;
  }

  public static CurationJob fromConfig(LakeshoreConfig config) {
    return new CurationJob(config.latenessDays());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    RunWindow touched = w.extendBack(latenessDays);
    // Orders: the latest event per order among the window's events, merged where newer.
    Read events = Read.of(GOLDEN_ORDERS, Scope.dates(ORDER_DATE, touched).and(Scope.dates(INGEST_DATE, w)));
    Write orders = Write.merge(ORDERS, Merge.byKey(ORDER_ID, ORDER_DATE).within(Scope.dates(ORDER_DATE, touched))
            .clauses((m, target) -> m.whenMatched(
                    LakeTable.source(LAST_EVENT_TS).gt(target.apply(LAST_EVENT_TS))
                        .or(LakeTable.source(LAST_EVENT_TS).equalTo(target.apply(LAST_EVENT_TS))
                            .and(LakeTable.source(LAST_EVENT_ID).gt(target.apply(LAST_EVENT_ID)))))
                .updateAll()
                .whenNotMatched().insertAll()))
        .from(List.of(events), reads ->
            Typed.toTable(CurationTransforms.latestPerOrder(Typed.fromTable(reads.get(events), OrderEvent.ENCODER))));
    // Customers: the SCD2 chain from the window's start on, rebuilt from every snapshot since then,
    // so that days loaded out of order, or later days loaded earlier, keep their versions.
    Write customers =
        CurationTransforms.CUSTOMER_VERSIONS.write(CUSTOMERS, Read.of(GOLDEN_CUSTOMERS, Scope.since(SNAPSHOT_DATE, w.from())));
    return JobPlan.of(orders, customers);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, CurationJob::fromConfig);
    }
  }
}
