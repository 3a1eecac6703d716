package io.lakeshore.jobs.telemetry.enrichment;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.quality.QualityCheck;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReadingTransformsTest {
  private final SparkSession spark = TestSpark.spark();
  private static final String DAY = "2026-01-20";

  private static String reading(String device, String value, String unit, String readingTs, String receivedTs) {
    return "{\"device_id\":" + (device == null ? "null" : "\"" + device + "\"") + ",\"value\":" + value + ",\"unit\":\"" + unit
        + "\",\"reading_ts\":\"" + readingTs + "\",\"received_ts\":\"" + receivedTs + "\"}";
  }

  private Dataset<Row> raw(String... text) {
    List<Row> rows = Arrays.stream(text).map(t -> RowFactory.create(t, null, Date.valueOf(DAY))).toList();
    return spark.createDataFrame(rows, new StructType().add("raw_record", DataTypes.StringType)
        .add("raw_bytes", DataTypes.BinaryType).add("ingest_date", DataTypes.DateType));
  }

  /** T1 moved from S1 to S2 and was recalibrated on DAY; H1 and P1 did not change. */
  private Dataset<Row> registry() {
    StructType schema = new StructType().add("device_id", "string").add("snapshot_date", "date").add("site_id", "string")
        .add("sensor_type", "string").add("unit", "string").add("calibration_offset", "double");
    return spark.createDataFrame(Stream.of(
        new Object[] {"T1", Date.valueOf("2026-01-19"), "S1", "temperature", "C", 0.2},
        new Object[] {"T1", Date.valueOf(DAY), "S2", "temperature", "C", 0.5},
        new Object[] {"H1", Date.valueOf(DAY), "S2", "humidity", "%", -1.0},
        new Object[] {"P1", Date.valueOf(DAY), "S1", "pressure", "hPa", -1.0}).map(RowFactory::create).toList(), schema);
  }

  @Test
  void rulesQuarantineEachFaultUnderItsOwnRuleAndNormaliseTheRest() {
    QualityCheck check = QualityCheck.of(Stream.concat(
        ReadingTransforms.INPUT.rules().stream(), ReadingTransforms.rules(registry(), ReadingLimits.defaults(3)).stream()).toList());
    Dataset<Row> classified = check.classify(ReadingTransforms.parse(raw(
        reading("T1", "20.00", "C", "2026-01-20T10:00:00Z", "2026-01-20T10:01:00Z"),
        reading("T1", "68.00", "F", "2026-01-20T10:15:00Z", "2026-01-20T10:16:00Z"),
        reading("T1", "20.00", "C", "2026-01-19T23:45:00Z", "2026-01-20T09:00:00Z"),
        reading("H1", "45.25", "%", "2026-01-20T10:00:00Z", "2026-01-20T10:00:30Z"),
        reading("P1", "101.30", "kPa", "2026-01-20T10:00:00Z", "2026-01-20T10:00:30Z"),
        "{\"device_id\":\"T1\",\"value\":2",
        reading(null, "20.00", "C", "2026-01-20T11:00:00Z", "2026-01-20T11:00:10Z"),
        reading("H1", "\"wet\"", "%", "2026-01-20T11:00:00Z", "2026-01-20T11:00:10Z"),
        reading("T1", "20.00", "C", "2026-01-20T13:00:00Z", "2026-01-20T12:00:00Z"),
        reading("T1", "20.00", "C", "2026-01-15T10:00:00Z", "2026-01-20T12:00:00Z"),
        reading("X9", "20.00", "C", "2026-01-20T12:00:00Z", "2026-01-20T12:00:10Z"),
        reading("T1", "20.00", "ppm", "2026-01-20T12:15:00Z", "2026-01-20T12:15:10Z"),
        reading("T1", "150.00", "C", "2026-01-20T12:30:00Z", "2026-01-20T12:30:10Z"),
        reading("T1", "70.00", "C", "2026-01-20T12:45:00Z", "2026-01-20T12:45:10Z")))).cache();
    assertThat(lines(classified.filter(col(QualityCheck.RULE).isNotNull()), "device_id", "reading_ts", QualityCheck.RULE, QualityCheck.REASON))
        .containsExactly(
            "H1|2026-01-20 11:00:00.0|value_is_double|value_text is not a valid double: wet",
            "T1|2026-01-15 10:00:00.0|reading_within_lookback|reading date more than 3 days before ingest date: 2026-01-15",
            "T1|2026-01-20 12:15:00.0|unit_convertible|unit ppm does not convert to C",
            "T1|2026-01-20 12:30:00.0|value_in_range|value out of the temperature sensor's range: 150.0",
            "T1|2026-01-20 12:45:00.0|celsius_plausible|temperature above 45.0 C, sent in F?: 70.0",
            "T1|2026-01-20 13:00:00.0|reading_not_in_future|reading_ts after received_ts: 2026-01-20 13:00:00",
            "X9|2026-01-20 12:00:00.0|device_exists|device_id has no match in the dimension: X9",
            "null|2026-01-20 11:00:00.0|device_id_present|device_id is missing",
            "null|null|well_formed|line is not a JSON object with unique keys");
    Dataset<Row> golden = ReadingTransforms.toGolden(check.valid(classified));
    assertThat(lines(golden, "device_id", "site_id", "sensor_type", "value", "unit", "value_normalised", "unit_normalised",
        "reading_date", "ingest_date"))
        .containsExactly(
            "H1|S2|humidity|45.25|%|44.25|%|2026-01-20|2026-01-20",
            "P1|S1|pressure|101.3|kPa|1012.0|hPa|2026-01-20|2026-01-20",
            // late: the registry of its reading date (site S1, offset 0.2), not of the landing date
            "T1|S1|temperature|20.0|C|20.2|C|2026-01-19|2026-01-20",
            "T1|S2|temperature|20.0|C|20.5|C|2026-01-20|2026-01-20",
            "T1|S2|temperature|68.0|F|20.5|C|2026-01-20|2026-01-20");
    // the golden rows carry every column of the table (audit columns aside)
    assertThat(Arrays.asList(golden.columns()))
        .containsAll(Arrays.stream(TelemetryTables.READINGS.schema().fieldNames())
            .filter(f -> !io.lakeshore.core.audit.AuditColumns.ALL.contains(f)).toList());
  }
}
