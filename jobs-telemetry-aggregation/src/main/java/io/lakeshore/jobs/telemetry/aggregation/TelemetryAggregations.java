package io.lakeshore.jobs.telemetry.aggregation;

import static io.lakeshore.jobs.telemetry.aggregation.ServingTables.*;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.transform.Transforms;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The serving tables as functions of curated rows, Column expressions only, each testable alone. */
public final class TelemetryAggregations {
  /**
   * percentile_approx's accuracy (Spark's default): the rank error is at most 1/10000 of the
   * group, so a group of fewer than 10000 readings (a device-hour has 4) gets exact values of its
   * own readings, the same whatever the row order or partitioning, and a rerun gives the same rows.
   */
  static final int PERCENTILE_ACCURACY = 10_000;
  /** Decimals of mean_value; the mean is summed as decimals, exact in any order, then rounded. */
  static final int MEAN_SCALE = 6;
  static final int COMPLETENESS_SCALE = 4;
  private static final String REPORTED_SITE = "reported_site";

  private TelemetryAggregations() {}

  /** One row per device, site, sensor type, unit, reading date and UTC hour with readings. */
  public static Dataset<Row> deviceHourly(Dataset<Row> readings) {
    Transforms.requireColumns("aggregate device hours", readings, List.of(DEVICE_ID, SITE_ID, SENSOR_TYPE, UNIT, READING_TS, READING_DATE, VALUE));
    Column percentiles = percentile_approx(col(VALUE), array(lit(0.5), lit(0.95)), lit(PERCENTILE_ACCURACY));
    return readings
        .groupBy(col(DEVICE_ID), col(SITE_ID), col(SENSOR_TYPE), col(UNIT), col(READING_DATE), hour(col(READING_TS)).as(HOUR))
        .agg(count(lit(1)).as(READINGS), min(col(VALUE)).as(MIN_VALUE), max(col(VALUE)).as(MAX_VALUE),
            round(avg(col(VALUE).cast(DataTypes.createDecimalType(20, 9))), MEAN_SCALE).cast(DataTypes.DoubleType).as(MEAN_VALUE),
            percentiles.as("p"))
        .withColumn(P50_VALUE, col("p").getItem(0))
        .withColumn(P95_VALUE, col("p").getItem(1))
        .drop("p");
  }

  /**
   * One row per site and date of {@code window} where the registry places a device or a device
   * reported. A device counts, with its readings, for the site the registry has it at on that
   * date ({@code valid_from <= date < valid_to}); a reading of a device the registry lacks that date
   * counts for its own site_id, so the totals still reconcile with curated.readings.
   *
   * @param readings curated readings of the window's dates
   * @param devices registry versions ({@code device_id, site_id, valid_from, valid_to})
   * @param readingsPerDay the readings a device sends a day
   */
  public static Dataset<Row> siteDaily(Dataset<Row> readings, Dataset<Row> devices, RunWindow window, int readingsPerDay) {
    Transforms.requireColumns("aggregate site days", readings, List.of(DEVICE_ID, SITE_ID, READING_DATE));
    Transforms.requireColumns("aggregate site days", devices, List.of(DEVICE_ID, SITE_ID, VALID_FROM, VALID_TO));
    Column first = greatest(col(VALID_FROM), lit(window.from()));
    Column last = least(coalesce(date_sub(col(VALID_TO), 1), lit(window.to())), lit(window.to()));
    Dataset<Row> registered = devices.filter(first.leq(last))
        .select(col(DEVICE_ID), col(SITE_ID), explode(sequence(first, last)).as(READING_DATE));
    Dataset<Row> expected = registered.groupBy(SITE_ID, READING_DATE).agg(count(lit(1)).as(DEVICES_EXPECTED));
    Dataset<Row> reporting = readings.groupBy(DEVICE_ID, READING_DATE).agg(count(lit(1)).as(READINGS), max(col(SITE_ID)).as(REPORTED_SITE))
        .join(registered, new String[] {DEVICE_ID, READING_DATE}, "left")
        .groupBy(coalesce(col(SITE_ID), col(REPORTED_SITE)).as(SITE_ID), col(READING_DATE))
        .agg(count(lit(1)).as(DEVICES_REPORTING), sum(col(READINGS)).as(READINGS));
    Column readingsExpected = col(DEVICES_EXPECTED).multiply(readingsPerDay);
    return expected.join(reporting, new String[] {SITE_ID, READING_DATE}, "full")
        .na().fill(0L, new String[] {DEVICES_EXPECTED, DEVICES_REPORTING, READINGS})
        .withColumn(READINGS_EXPECTED, readingsExpected)
        .withColumn(COMPLETENESS, round(try_divide(col(READINGS), col(READINGS_EXPECTED)), COMPLETENESS_SCALE));
  }
}
