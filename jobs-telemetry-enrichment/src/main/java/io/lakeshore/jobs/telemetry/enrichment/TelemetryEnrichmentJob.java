package io.lakeshore.jobs.telemetry.enrichment;

import static io.lakeshore.jobs.telemetry.enrichment.TelemetryTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.quality.Typing;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;

/**
 * raw → golden for the telemetry domain: the device registry snapshot of each date, and the
 * readings, checked against the registry of their reading date, converted to the registry's unit,
 * calibrated and deduplicated by (device, reading time), the earliest received copy kept.
 *
 * <p>Known gap (next session): the registry a reading is checked against comes from this run's
 * devices load, so a late reading whose date precedes the window finds no snapshot and is
 * quarantined under device_exists. It needs the earlier snapshots from {@code golden.devices},
 * which a {@code Load}'s rules cannot read today ({@code Loaded} offers earlier steps only): the
 * library change is to let {@code expect(loaded -> …)} read a declared {@code Read}.
 */
public final class TelemetryEnrichmentJob implements Job {
  public static final String NAME = "telemetry-enrichment";
  static final RawInput DEVICES_INPUT = RawInput.csv("devices", DEVICE_ID, SITE_ID, SENSOR_TYPE, UNIT, CALIBRATION_OFFSET);
  static final Typing DEVICE_TYPES = Typing.of(CALIBRATION_OFFSET, DataTypes.DoubleType);
  static final List<String> SENSOR_TYPES = List.of("temperature", "humidity", "pressure");

  private final int lookbackDays;

  public TelemetryEnrichmentJob(int lookbackDays) {
    if (lookbackDays < 0) {
      throw new IllegalArgumentException("Cannot configure " + NAME + ": lookback-days must be >= 0, cannot be: " + lookbackDays);
    }
    this.lookbackDays = lookbackDays;
  }

  /** The job as configured by {@code lakeshore.jobs.telemetry-enrichment}. */
  public static TelemetryEnrichmentJob fromConfig(LakeshoreConfig config) {
    return new TelemetryEnrichmentJob(config.job(NAME).intValue("lookback-days", 0, 3650));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    Load devices = Load.from(DEVICES_INPUT).into(DEVICES, Scope.dates(SNAPSHOT_DATE, w))
        .parse(lines -> DEVICE_TYPES.apply(DEVICES_INPUT.parse(lines)))
        .expect(List.of(Expectations.notNull("device_id_present", DEVICE_ID), Expectations.notNull("site_id_present", SITE_ID),
            Expectations.oneOf("sensor_type_known", SENSOR_TYPE, SENSOR_TYPES),
            Expectations.notNull("calibration_offset_present", CALIBRATION_OFFSET + Typing.TEXT)))
        .expect(DEVICE_TYPES.rules())
        .dedupeBy(DEVICE_ID, INGEST_DATE)
        .map(valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)));
    // late readings land in their reading date's partition, within the lookback
    Load readings = Load.from(ReadingTransforms.INPUT)
        .into(READINGS, Scope.dates(READING_DATE, w.extendBack(lookbackDays)).and(Scope.dates(INGEST_DATE, w)))
        .parse(ReadingTransforms::parse)
        .expect(loaded -> ReadingTransforms.rules(loaded.valid(devices).withColumn(SNAPSHOT_DATE, col(INGEST_DATE)), lookbackDays))
        .dedupeBy(DEVICE_ID, READING_TS)
        .preferring(col(RECEIVED_TS), col(RawInput.RAW_RECORD))
        .map(ReadingTransforms::toGolden);
    return JobPlan.of(devices, readings);
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, TelemetryEnrichmentJob::fromConfig);
    }
  }
}
