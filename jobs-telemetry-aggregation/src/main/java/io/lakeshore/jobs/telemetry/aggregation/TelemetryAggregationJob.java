package io.lakeshore.jobs.telemetry.aggregation;

import static io.lakeshore.jobs.telemetry.aggregation.ServingTables.*;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.JobSettings;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Read;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.job.Write;
import io.lakeshore.core.run.RunWindow;
import java.util.List;

/**
 * curated → serving for the telemetry domain. Reads {@code curated.readings} for the reading dates
 * the window can have changed (the window widened back by the lookback, where late readings land)
 * and all of {@code curated.devices} (the registry versions valid on those dates). Replaces those
 * dates of {@code serving.device_hourly} (per device and UTC hour: count, min, max, mean, p50,
 * p95) and of {@code serving.site_daily} (per site: devices expected and reporting, readings and
 * completeness against {@code expected-readings-per-day}). Replacing is exact: the rows are a
 * deterministic function of the curated rows, so a late reading changes only its device-hour and
 * site-day by value, and a rerun changes no value.
 */
public final class TelemetryAggregationJob implements Job {
  public static final String NAME = "telemetry-aggregation";
  private final int lookbackDays;
  private final int readingsPerDay;

  public TelemetryAggregationJob(int lookbackDays, int readingsPerDay) {
    if (lookbackDays < 0) {
      throw new IllegalArgumentException("Cannot configure " + NAME + ": lookback-days must be >= 0, cannot be: " + lookbackDays);
    }
    if (readingsPerDay < 1) {
      throw new IllegalArgumentException("Cannot configure " + NAME + ": expected-readings-per-day must be >= 1, cannot be: " + readingsPerDay);
    }
    this.lookbackDays = lookbackDays;
    this.readingsPerDay = readingsPerDay;
  }

  /** The job as configured by {@code lakeshore.jobs.telemetry-aggregation}. */
  public static TelemetryAggregationJob fromConfig(LakeshoreConfig config) {
    JobSettings settings = config.job(NAME);
    return new TelemetryAggregationJob(settings.intValue("lookback-days", 0, 3650), settings.intValue("expected-readings-per-day", 1, 86_400));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    RunWindow touched = w.extendBack(lookbackDays);
    // read once for both tables
    Read readings = Read.of(CURATED_READINGS, Scope.dates(READING_DATE, touched));
    Read devices = Read.of(CURATED_DEVICES, Scope.all("unpartitioned; the versions valid on " + touched + " are used"));
    Write hourly = Write.replace(DEVICE_HOURLY, Scope.dates(READING_DATE, touched))
        .from(List.of(readings), reads -> TelemetryAggregations.deviceHourly(reads.get(readings)));
    Write daily = Write.replace(SITE_DAILY, Scope.dates(READING_DATE, touched))
        .from(List.of(readings, devices),
            reads -> TelemetryAggregations.siteDaily(reads.get(readings), reads.get(devices), touched, readingsPerDay));
    return JobPlan.of(hourly, daily);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, TelemetryAggregationJob::fromConfig);
    }
  }
}
