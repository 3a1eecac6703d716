package io.lakeshore.jobs.telemetry.enrichment;

import static io.lakeshore.jobs.telemetry.enrichment.TelemetryTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.quality.Typing;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.transform.Transforms;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The transformations from raw reading lines to golden readings, each testable alone. */
public final class ReadingTransforms {
  /** Readings: {@code readings/date=D/*.jsonl}, every field read as text first, so a wrong type is quarantined, not nulled. */
  public static final RawInput INPUT = RawInput.jsonLines("readings", DEVICE_ID, VALUE, UNIT, READING_TS, RECEIVED_TS);
  static final Typing TYPES =
      Typing.of(VALUE, DataTypes.DoubleType).and(READING_TS, DataTypes.TimestampType).and(RECEIVED_TS, DataTypes.TimestampType);
  /** The registry's unit as the readings carry it after the device_exists lookup. The rules after that lookup read the
   * columns it carries, and name only the reading's own columns (the ones checked before the lookups run). */
  static final String REGISTRY_UNIT = "registry_unit";

  private ReadingTransforms() {}

  /** Parses reading lines ({@code raw_record}, {@code ingest_date}) and types value and both timestamps; adds reading_date. */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    Transforms.requireColumns("parse readings", lines, List.of(RawInput.RAW_RECORD, INGEST_DATE));
    return TYPES.apply(INPUT.parse(lines)).withColumn(READING_DATE, to_date(col(READING_TS)));
  }

  /**
   * The reading rules, after {@link #INPUT}'s structural ones (the first violated rule is the one
   * reported).
   *
   * @param registry valid device snapshots ({@code device_id, snapshot_date, site_id, sensor_type,
   *     unit, calibration_offset}): a reading must match the snapshot of its reading date
   * @param limits the lookback, clock tolerance, plausible °C maximum and sensor ranges
   */
  public static List<Expectation> rules(Dataset<Row> registry, ReadingLimits limits) {
    int lookbackDays = limits.lookbackDays();
    Dataset<Row> devices = registry.select(col(DEVICE_ID).as("r_device"), col(SNAPSHOT_DATE).as("r_date"), col(SITE_ID),
        col(SENSOR_TYPE), col(UNIT).as(REGISTRY_UNIT), col(CALIBRATION_OFFSET));
    List<Expectation> rules = new ArrayList<>(List.of(
        Expectations.notNull("device_id_present", DEVICE_ID),
        Expectations.notNull("value_present", VALUE + Typing.TEXT),
        Expectations.notNull("reading_ts_present", READING_TS + Typing.TEXT),
        Expectations.notNull("received_ts_present", RECEIVED_TS + Typing.TEXT)));
    rules.addAll(TYPES.rules());
    rules.addAll(List.of(
        Expectations.of("reading_not_in_future",
            col(READING_TS).leq(col(RECEIVED_TS).plus(expr("INTERVAL " + limits.clockToleranceSeconds() + " SECONDS"))),
            concat(lit("reading_ts after received_ts: "), col(READING_TS).cast("string")), List.of(READING_TS, RECEIVED_TS)),
        Expectations.of("reading_within_lookback", col(READING_DATE).geq(date_sub(col(INGEST_DATE), lookbackDays)),
            concat(lit("reading date more than " + lookbackDays + " days before ingest date: "), col(READING_DATE).cast("string")),
            List.of(READING_DATE, INGEST_DATE)),
        Expectations.references("device_exists", List.of(DEVICE_ID, READING_DATE), devices, List.of("r_device", "r_date"),
            SITE_ID, SENSOR_TYPE, REGISTRY_UNIT, CALIBRATION_OFFSET),
        Expectations.of("unit_convertible", convertible().isNotNull(),
            concat(lit("unit " ), col(UNIT), lit(" does not convert to "), col(REGISTRY_UNIT)), List.of(UNIT)),
        Expectations.of("value_in_range", inRegistryUnit().between(rangeOf(limits, 0), rangeOf(limits, 1)),
            concat(lit("value out of the " ), col(SENSOR_TYPE), lit(" sensor's range: "), col(VALUE).cast("string")),
            List.of(VALUE)),
        Expectations.of("celsius_plausible",
            col(REGISTRY_UNIT).notEqual(lit("C")).or(calibrated().leq(lit(limits.plausibleCelsiusMax()))),
            concat(lit("temperature above " + limits.plausibleCelsiusMax() + " C, sent in F?: "), col(VALUE).cast("string")),
            List.of(VALUE, UNIT))));
    return rules;
  }

  /**
   * Valid, deduplicated readings with the value in the registry's unit and calibrated ({@code
   * value_normalised}, 3 decimals, in {@code unit_normalised}); value and unit stay as received. The registry columns come from the device_exists lookup.
   */
  public static Dataset<Row> toGolden(Dataset<Row> valid) {
    Transforms.requireColumns("normalise readings", valid, List.of(VALUE, UNIT, REGISTRY_UNIT, CALIBRATION_OFFSET));
    return valid.withColumn(VALUE_NORMALISED, round(calibrated(), 3)).withColumn(UNIT_NORMALISED, col(REGISTRY_UNIT));
  }

  /** True when the declared unit is the registry's or converts to it, NULL otherwise. */
  private static Column convertible() {
    return when(col(UNIT).equalTo(col(REGISTRY_UNIT)), lit(true))
        .when(col(UNIT).equalTo("F").and(col(REGISTRY_UNIT).equalTo("C")), lit(true))
        .when(col(UNIT).equalTo("kPa").and(col(REGISTRY_UNIT).equalTo("hPa")), lit(true));
  }

  private static Column inRegistryUnit() {
    return when(col(UNIT).equalTo("F").and(col(REGISTRY_UNIT).equalTo("C")), col(VALUE).minus(32).multiply(5).divide(9))
        .when(col(UNIT).equalTo("kPa").and(col(REGISTRY_UNIT).equalTo("hPa")), col(VALUE).multiply(10))
        .otherwise(col(VALUE));
  }

  private static Column calibrated() {
    return inRegistryUnit().plus(col(CALIBRATION_OFFSET));
  }

  /** The bound ({@code 0} min, {@code 1} max) of the sensor's physical range, by type (from the registry); NULL for an unknown type. */
  private static Column rangeOf(ReadingLimits limits, int bound) {
    Column range = lit(null);
    for (var e : limits.ranges().entrySet()) {
      range = when(col(SENSOR_TYPE).equalTo(e.getKey()), lit(e.getValue().get(bound))).otherwise(range);
    }
    return range;
  }
}
