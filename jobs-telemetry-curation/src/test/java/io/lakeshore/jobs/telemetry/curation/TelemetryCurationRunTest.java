package io.lakeshore.jobs.telemetry.curation;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The job run in-process over golden tables written here: a later day rewrites only the rows it
 * changes (the run id tells which rows a run wrote), and a rerun changes no row.
 */
class TelemetryCurationRunTest {
  private static final TableSpec GOLDEN_READINGS = TableSpec.of(CuratedTables.GOLDEN_READINGS, AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " value double not null, calibration_offset double not null, value_normalised double not null, unit_normalised string not null,"
          + " reading_ts timestamp not null, received_ts timestamp not null, reading_date date not null, ingest_date date not null")),
      "reading_date");
  private static final TableSpec GOLDEN_DEVICES = TableSpec.of(CuratedTables.GOLDEN_DEVICES, AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " calibration_offset double not null, snapshot_date date not null, ingest_date date not null")),
      "snapshot_date");
  private static final Timestamp AT = Timestamp.valueOf("2026-01-22 00:00:00");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private static Object[] reading(String device, String readingTs, double value, String receivedTs, String ingest) {
    return new Object[] {device, "S1", "temperature", "C", value, 0.0, value, "C", Timestamp.valueOf(readingTs),
        Timestamp.valueOf(receivedTs), Date.valueOf(readingTs.substring(0, 10)), Date.valueOf(ingest), "golden", "telemetry-enrichment", AT};
  }

  private static Object[] device(String device, String site, String day) {
    return new Object[] {device, site, "temperature", "C", 0.5, Date.valueOf(day), Date.valueOf(day), "golden", "telemetry-enrichment", AT};
  }

  private static void append(Lakehouse lake, TableSpec spec, Object[]... rows) {
    Dataset<Row> data = TestSpark.spark().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), spec.schema());
    lake.create(spec).append(data, new CommitInfo("golden", "telemetry-enrichment"));
  }

  private int run(TestLake lake, String date) {
    List<String> args = new ArrayList<>(List.of("--date", date, "--conf-dir", "../conf"));
    args.addAll(lake.confArgs());
    return JobLauncher.run(new TelemetryCurationJob.Factory(), args.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private static List<String> table(Lakehouse lake, String name, String... columns) {
    return lines(lake.table(TableId.parse(name)).read(), columns);
  }

  @Test
  void aLateDayRewritesOnlyTheRowsItChangesAndARerunChangesNothing() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    Lakehouse lh = lake.lakehouse();
    append(lh, GOLDEN_READINGS,
        reading("d1", "2026-01-19 10:00:00", 20.0, "2026-01-19 10:01:00", "2026-01-19"),
        reading("d1", "2026-01-20 10:00:00", 21.0, "2026-01-20 10:01:00", "2026-01-20"),
        reading("d2", "2026-01-20 11:00:00", 22.0, "2026-01-20 11:01:00", "2026-01-20"));
    append(lh, GOLDEN_DEVICES, device("d1", "S1", "2026-01-20"), device("d2", "S1", "2026-01-20"));
    assertThat(run(lake, "2026-01-20")).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(JobLauncher.OK);
    List<String> day20 = table(lh, "curated.readings", "device_id", "reading_ts", "value", "ingest_date", "run_id");
    String run1 = day20.get(0).substring(day20.get(0).lastIndexOf('|') + 1);
    assertThat(day20).containsExactly(
        "d1|2026-01-19 10:00:00.0|20.0|2026-01-19|" + run1,
        "d1|2026-01-20 10:00:00.0|21.0|2026-01-20|" + run1,
        "d2|2026-01-20 11:00:00.0|22.0|2026-01-20|" + run1);

    // the 21st: a late reading of the 19th, d1's reading of the 20th delivered again, d2 moved
    append(lh, GOLDEN_READINGS,
        reading("d2", "2026-01-19 09:00:00", 19.0, "2026-01-21 08:00:00", "2026-01-21"),
        reading("d1", "2026-01-20 10:00:00", 99.0, "2026-01-21 08:00:00", "2026-01-21"),
        reading("d1", "2026-01-21 10:00:00", 23.0, "2026-01-21 10:01:00", "2026-01-21"));
    append(lh, GOLDEN_DEVICES, device("d1", "S1", "2026-01-21"), device("d2", "S2", "2026-01-21"));
    assertThat(run(lake, "2026-01-21")).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(JobLauncher.OK);
    List<String> day21 = table(lh, "curated.readings", "device_id", "reading_ts", "value", "ingest_date", "run_id");
    List<String> newRows = day21.stream().filter(l -> !day20.contains(l)).toList();
    String run2 = newRows.get(0).substring(newRows.get(0).lastIndexOf('|') + 1);
    assertThat(day21).containsAll(day20).hasSize(5);
    assertThat(newRows).containsExactly(
        "d1|2026-01-21 10:00:00.0|23.0|2026-01-21|" + run2,
        "d2|2026-01-19 09:00:00.0|19.0|2026-01-21|" + run2);
    assertThat(table(lh, "curated.devices", "device_id", "site_id", "valid_from", "valid_to", "is_current")).containsExactly(
        "d1|S1|2026-01-20|null|true", "d2|S1|2026-01-20|2026-01-21|false", "d2|S2|2026-01-21|null|true");

    // the same window again: no row rewritten, in either table
    List<String> devices = table(lh, "curated.devices");
    assertThat(run(lake, "2026-01-21")).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(JobLauncher.OK);
    assertThat(table(lh, "curated.readings", "device_id", "reading_ts", "value", "ingest_date", "run_id")).isEqualTo(day21);
    assertThat(table(lh, "curated.devices")).isEqualTo(devices);
  }
}
