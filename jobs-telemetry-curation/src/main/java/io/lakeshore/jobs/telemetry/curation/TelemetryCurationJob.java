package io.lakeshore.jobs.telemetry.curation;

import static io.lakeshore.jobs.telemetry.curation.CuratedTables.*;

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
import java.util.List;

/**
 * golden → curated for the telemetry domain.
 *
 * <ul>
 *   <li>{@code curated.readings} (partitioned by reading_date): reads {@code golden.readings} with
 *       reading_date in the window extended back by {@code lookback-days}, every ingest date, and
 *       keeps one row per (device_id, reading_ts), the first delivered. It mirrors that scope by a
 *       merge on (device_id, reading_ts): changed rows updated, new ones inserted, rows the
 *       recomputed scope no longer has deleted, so a late reading rewrites only its own row.
 *   <li>{@code curated.devices} (unpartitioned): the SCD2 device registry, from {@code
 *       golden.devices} snapshots from the window's first day on and the version in effect the day
 *       before, read from itself ({@link io.lakeshore.core.job.Scd2}).
 * </ul>
 *
 * <p>Both are functions of golden, whatever order windows run in; a rerun of a window changes no row.
 */
public final class TelemetryCurationJob implements Job {
  public static final String NAME = "telemetry-curation";
  private final int lookbackDays;

  public TelemetryCurationJob(int lookbackDays) {
    if (lookbackDays < 0) {
      throw new IllegalArgumentException("Cannot configure " + NAME + ": lookback-days must be >= 0, cannot be: " + lookbackDays);
    }
    this.lookbackDays = lookbackDays;
  }

  /** The job as configured by {@code lakeshore.jobs.telemetry-curation}. */
  public static TelemetryCurationJob fromConfig(LakeshoreConfig config) {
    return new TelemetryCurationJob(config.job(NAME).intValue("lookback-days", 0, 3650));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    Scope touched = Scope.dates(READING_DATE, w.extendBack(lookbackDays));
    // every ingest date: a reading's earlier delivery may come from before the window
    Read golden = Read.of(GOLDEN_READINGS, touched);
    Write readings = Write.merge(READINGS, Merge.mirror(touched, List.of(DEVICE_ID, READING_TS), READING_VALUES))
        .from(List.of(golden), reads -> ReadingCuration.firstDelivered(reads.get(golden)));
    Write devices = DEVICE_VERSIONS.write(DEVICES, Read.of(GOLDEN_DEVICES, Scope.since(SNAPSHOT_DATE, w.from())));
    return JobPlan.of(readings, devices);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, TelemetryCurationJob::fromConfig);
    }
  }
}
