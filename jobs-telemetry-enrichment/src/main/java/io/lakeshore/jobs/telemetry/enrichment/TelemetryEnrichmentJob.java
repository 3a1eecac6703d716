package io.lakeshore.jobs.telemetry.enrichment;

import static io.lakeshore.jobs.telemetry.enrichment.TelemetryTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Loaded;
import io.lakeshore.core.job.Read;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.quality.Typing;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * raw → golden for the telemetry domain: the device registry snapshot of each date, and the
 * readings, checked against the registry of their reading date, converted to the registry's unit,
 * calibrated and deduplicated by (device, reading time), the earliest received copy kept.
 *
 * <p>A reading is checked against the registry snapshot of its own date: this run's devices load
 * for dates in the window, {@code golden.devices} (as committed by earlier runs) for the lookback
 * days before it, so a late reading of an earlier day finds its day's site and calibration.
 */
public final class TelemetryEnrichmentJob implements Job {
  public static final String NAME = "telemetry-enrichment";
  static final RawInput DEVICES_INPUT = RawInput.csv("devices", DEVICE_ID, SITE_ID, SENSOR_TYPE, UNIT, CALIBRATION_OFFSET);
  static final Typing DEVICE_TYPES = Typing.of(CALIBRATION_OFFSET, DataTypes.DoubleType);

  private final ReadingLimits limits;

  public TelemetryEnrichmentJob(ReadingLimits limits) {
    this.limits = limits;
  }

  /** The job as configured by {@code lakeshore.jobs.telemetry-enrichment}. */
  public static TelemetryEnrichmentJob fromConfig(LakeshoreConfig config) {
    return new TelemetryEnrichmentJob(ReadingLimits.from(config.job(NAME)));
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
            Expectations.oneOf("sensor_type_known", SENSOR_TYPE, limits.sensorTypes()),
            Expectations.notNull("calibration_offset_present", CALIBRATION_OFFSET + Typing.TEXT)))
        .expect(DEVICE_TYPES.rules())
        .dedupeBy(DEVICE_ID, INGEST_DATE)
        .map(valid -> valid.withColumn(SNAPSHOT_DATE, col(INGEST_DATE)));
    int lookback = limits.lookbackDays();
    // the registry of each reading's date: this run's snapshots, and the committed ones of the lookback days before
    Read earlier = lookback == 0 ? null : Read.of(DEVICES.id(), Scope.dates(SNAPSHOT_DATE, w.before(lookback)));
    Column[] registryColumns = Stream.of(DEVICE_ID, SNAPSHOT_DATE, SITE_ID, SENSOR_TYPE, UNIT, CALIBRATION_OFFSET)
        .map(c -> col(c)).toArray(Column[]::new);
    Function<Loaded, Dataset<Row>> registry = loaded -> {
      Dataset<Row> now = loaded.valid(devices).withColumn(SNAPSHOT_DATE, col(INGEST_DATE)).select(registryColumns);
      return earlier == null ? now : loaded.read(earlier).select(registryColumns).unionByName(now);
    };
    // late readings land in their reading date's partition, within the lookback
    Load readings = Load.from(ReadingTransforms.INPUT)
        .into(READINGS, Scope.dates(READING_DATE, w.extendBack(lookback)).and(Scope.dates(INGEST_DATE, w)))
        .lookingUp(earlier == null ? new Read[0] : new Read[] {earlier})
        .parse(ReadingTransforms::parse)
        .expect(loaded -> ReadingTransforms.rules(registry.apply(loaded), limits))
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
