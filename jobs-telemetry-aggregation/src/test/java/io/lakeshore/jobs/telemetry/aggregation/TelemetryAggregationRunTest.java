package io.lakeshore.jobs.telemetry.aggregation;

import static io.lakeshore.jobs.telemetry.aggregation.TelemetryReadings.device;
import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job run by the launcher on a lake: a late reading changes exactly its rows by value, and a rerun none. */
class TelemetryAggregationRunTest {
  private static final String[] HOURLY = {"device_id", "site_id", "reading_date", "hour", "readings", "min_value", "max_value",
      "mean_value", "p50_value", "p95_value"};
  private static final String[] DAILY = {"site_id", "reading_date", "devices_expected", "devices_reporting", "readings",
      "readings_expected", "completeness"};
  private static final CommitInfo CURATION = new CommitInfo("curation-run", "telemetry-curation");
  @TempDir Path dir;

  // Iceberg, the serving tables' format in conf/application.conf; replace on both formats is etl-core's to test
  @Test
  void aLateReadingChangesItsHourAndSiteDayOnlyAndARerunNothing() throws IOException {
    TestLake lake = TestSpark.freshLake(TableFormat.ICEBERG);
    LakeTable devices = lake.lakehouse().create(TableSpec.of(ServingTables.CURATED_DEVICES, TelemetryReadings.DEVICES));
    devices.append(TelemetryReadings.devices(device("d1", "A", "2026-01-01", null), device("d2", "A", "2026-01-01", null)), CURATION);
    LakeTable readings = lake.lakehouse().create(TableSpec.of(ServingTables.CURATED_READINGS, TelemetryReadings.READINGS, "reading_date"));
    TelemetryReadings r = new TelemetryReadings();
    for (int day = 6; day <= 10; day++) {
      String date = String.format("2026-01-%02d", day);
      r.add("d1", "A", date + "T00:00:00Z", 20).add("d1", "A", date + "T00:15:00Z", 21).add("d2", "A", date + "T05:00:00Z", 50);
    }
    readings.append(r.frame(), CURATION);

    run(lake, "2026-01-10");
    List<String> hourly = lines(lake.lakehouse().table(ServingTables.DEVICE_HOURLY.id()).read(), HOURLY);
    List<String> daily = lines(lake.lakehouse().table(ServingTables.SITE_DAILY.id()).read(), DAILY);
    // the window and the 3 days of lookback before it, not the 6th
    assertThat(daily).containsExactly(
        "A|2026-01-07|2|2|3|192|0.0156", "A|2026-01-08|2|2|3|192|0.0156",
        "A|2026-01-09|2|2|3|192|0.0156", "A|2026-01-10|2|2|3|192|0.0156");
    assertThat(hourly).hasSize(8).contains("d1|A|2026-01-08|0|2|20.0|21.0|20.5|20.0|21.0");

    // a reading of the 8th lands late, within the lookback
    readings.append(new TelemetryReadings().add("d1", "A", "2026-01-08T00:30:00Z", 25).frame(), CURATION);
    run(lake, "2026-01-10");
    List<String> hourlyAfter = lines(lake.lakehouse().table(ServingTables.DEVICE_HOURLY.id()).read(), HOURLY);
    List<String> dailyAfter = lines(lake.lakehouse().table(ServingTables.SITE_DAILY.id()).read(), DAILY);
    assertThat(minus(hourly, hourlyAfter)).containsExactly("d1|A|2026-01-08|0|2|20.0|21.0|20.5|20.0|21.0");
    assertThat(minus(hourlyAfter, hourly)).containsExactly("d1|A|2026-01-08|0|3|20.0|25.0|22.0|21.0|25.0");
    assertThat(minus(daily, dailyAfter)).containsExactly("A|2026-01-08|2|2|3|192|0.0156");
    assertThat(minus(dailyAfter, daily)).containsExactly("A|2026-01-08|2|2|4|192|0.0208");

    run(lake, "2026-01-10");
    assertThat(lines(lake.lakehouse().table(ServingTables.DEVICE_HOURLY.id()).read(), HOURLY)).isEqualTo(hourlyAfter);
    assertThat(lines(lake.lakehouse().table(ServingTables.SITE_DAILY.id()).read(), DAILY)).isEqualTo(dailyAfter);
  }

  private static List<String> minus(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(a);
    rest.removeAll(b);
    return rest;
  }

  private void run(TestLake lake, String date) throws IOException {
    Files.createDirectories(dir.resolve("conf/env"));
    Files.writeString(dir.resolve("conf/env/local.conf"), "");
    List<String> args = new ArrayList<>(List.of("--date", date, "--conf-dir", dir.resolve("conf").toString()));
    args.addAll(lake.confArgs());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = JobLauncher.run(new TelemetryAggregationJob.Factory(), args.toArray(String[]::new), TestSpark.spark(), print, print);
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
  }
}
