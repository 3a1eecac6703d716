package io.lakeshore.jobs.telemetry.curation;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.job.Scd2;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each transformation of the job with exact rows. */
class TelemetryCurationTransformsTest {
  // golden.readings' columns (audit columns left out: the transformations do not read them)
  private static final StructType GOLDEN_READINGS = StructType.fromDDL(
      "device_id string, site_id string, sensor_type string, unit string, value double, calibration_offset double,"
          + " value_normalised double, unit_normalised string, reading_ts timestamp, received_ts timestamp,"
          + " reading_date date, ingest_date date");
  private static final StructType GOLDEN_DEVICES = StructType.fromDDL(
      "device_id string, site_id string, sensor_type string, unit string, calibration_offset double, snapshot_date date,"
          + " ingest_date date");

  private static Dataset<Row> rows(StructType schema, Object[]... rows) {
    return TestSpark.spark().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  private static Object[] reading(String device, String readingTs, double normalised, String receivedTs, String ingest) {
    return new Object[] {device, "S1", "temperature", "F", 0.0, 0.5, normalised, "C", Timestamp.valueOf(readingTs),
        Timestamp.valueOf(receivedTs), Date.valueOf(readingTs.substring(0, 10)), Date.valueOf(ingest)};
  }

  @Test
  void keepsTheFirstDeliveryOfEachReadingAcrossIngestDates() {
    Dataset<Row> golden = rows(GOLDEN_READINGS,
        // delivered on the 17th and again on the 18th: the earlier received stays
        reading("d1", "2026-01-17 10:00:00", 21.5, "2026-01-17 10:01:00", "2026-01-17"),
        reading("d1", "2026-01-17 10:00:00", 99.0, "2026-01-18 08:00:00", "2026-01-18"),
        // the later delivery landed first (a rerun of an earlier ingest date): still the earlier received stays
        reading("d1", "2026-01-17 10:15:00", 22.0, "2026-01-19 09:00:00", "2026-01-19"),
        reading("d1", "2026-01-17 10:15:00", 22.5, "2026-01-18 09:00:00", "2026-01-18"),
        // received at the same instant on two ingest dates: the earlier ingest date stays
        reading("d2", "2026-01-18 00:00:00", 1.0, "2026-01-18 23:59:59", "2026-01-19"),
        reading("d2", "2026-01-18 00:00:00", 2.0, "2026-01-18 23:59:59", "2026-01-18"),
        reading("d2", "2026-01-18 00:15:00", 3.0, "2026-01-18 00:16:00", "2026-01-18"));
    Dataset<Row> curated = ReadingCuration.firstDelivered(golden);
    assertThat(curated.columns()).containsExactly(
        "device_id", "site_id", "sensor_type", "reading_ts", "reading_date", "value", "unit", "received_ts", "ingest_date");
    assertThat(lines(curated)).containsExactly(
        "d1|S1|temperature|2026-01-17 10:00:00.0|2026-01-17|21.5|C|2026-01-17 10:01:00.0|2026-01-17",
        "d1|S1|temperature|2026-01-17 10:15:00.0|2026-01-17|22.5|C|2026-01-18 09:00:00.0|2026-01-18",
        "d2|S1|temperature|2026-01-18 00:00:00.0|2026-01-18|2.0|C|2026-01-18 23:59:59.0|2026-01-18",
        "d2|S1|temperature|2026-01-18 00:15:00.0|2026-01-18|3.0|C|2026-01-18 00:16:00.0|2026-01-18");
  }

  private static Object[] device(String device, String site, double offset, String day) {
    return new Object[] {device, site, "pressure", "hPa", offset, Date.valueOf(day), Date.valueOf(day)};
  }

  @Test
  void deviceVersionsFollowMovesAndRecalibrationsFromTheVersionInEffectBefore() {
    // curated.devices before a run over 2026-01-20..21: d1 at S1 since the 10th, d2 at S2 since the 12th
    Dataset<Row> dimension = rows(CuratedTables.DEVICES.schema(),
        new Object[] {"d1", "S1", "pressure", "hPa", 0.0, "h", Date.valueOf("2026-01-10"), null, true, "r", "j", Timestamp.valueOf("2026-01-19 00:00:00")},
        new Object[] {"d2", "S2", "pressure", "hPa", 1.5, "h", Date.valueOf("2026-01-12"), null, true, "r", "j", Timestamp.valueOf("2026-01-19 00:00:00")});
    Dataset<Row> known = dimension.filter(Scd2.inEffectBefore(LocalDate.parse("2026-01-20")));
    Dataset<Row> snapshots = rows(GOLDEN_DEVICES,
        device("d1", "S1", 0.0, "2026-01-20"), device("d1", "S3", 0.0, "2026-01-21"), // moved
        device("d2", "S2", 1.5, "2026-01-20"), device("d2", "S2", -2.0, "2026-01-21"), // recalibrated
        device("d3", "S1", 0.25, "2026-01-21")); // new
    assertThat(lines(CuratedTables.DEVICE_VERSIONS.versions(known, snapshots),
            "device_id", "site_id", "calibration_offset", "valid_from", "valid_to", "is_current"))
        .containsExactly(
            "d1|S1|0.0|2026-01-10|2026-01-21|false",
            "d1|S3|0.0|2026-01-21|null|true",
            "d2|S2|-2.0|2026-01-21|null|true",
            "d2|S2|1.5|2026-01-12|2026-01-21|false",
            "d3|S1|0.25|2026-01-21|null|true");
  }
}
