package io.lakeshore.jobs.telemetry.aggregation;

import io.lakeshore.testkit.TestSpark;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Curated rows for the tests, as the curation job publishes them (the columns this job reads, and a few it does not). */
final class TelemetryReadings {
  static final StructType READINGS = StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, reading_ts timestamp not null,"
          + " reading_date date not null, value double not null, unit string not null, received_ts timestamp not null, ingest_date date not null");
  static final StructType DEVICES = StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " calibration_offset double not null, attr_hash string not null, valid_from date not null, valid_to date, is_current boolean not null");

  private final List<Row> rows = new ArrayList<>();

  /** A temperature reading at {@code ts} (UTC), received a minute later. */
  TelemetryReadings add(String device, String site, String ts, double value) {
    Instant at = Instant.parse(ts);
    LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
    rows.add(RowFactory.create(device, site, "temperature", at, date, value, "C", at.plusSeconds(60), date));
    return this;
  }

  Dataset<Row> frame() {
    return TestSpark.spark().createDataFrame(rows, READINGS);
  }

  /** A registry version; {@code to} is exclusive, null while current. */
  static Row device(String device, String site, String from, String to) {
    return RowFactory.create(device, site, "temperature", "C", 0.0, "h-" + device + "-" + site,
        LocalDate.parse(from), to == null ? null : LocalDate.parse(to), to == null);
  }

  static Dataset<Row> devices(Row... versions) {
    return TestSpark.spark().createDataFrame(List.of(versions), DEVICES);
  }
}
