package io.lakeshore.jobs.telemetry.aggregation;

import static io.lakeshore.jobs.telemetry.aggregation.TelemetryReadings.device;
import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TelemetryAggregationsTest {
  private static final String[] HOURLY = {"device_id", "site_id", "sensor_type", "unit", "reading_date", "hour",
      "readings", "min_value", "max_value", "mean_value", "p50_value", "p95_value"};
  private static final String[] DAILY = {"site_id", "reading_date", "devices_expected", "devices_reporting",
      "readings", "readings_expected", "completeness"};

  /** d1 at 10h: 1..20 in a shuffled order; d1 at 11h: three readings; d2 at 23:59:59 (UTC hour 23). */
  private static TelemetryReadings readings() {
    TelemetryReadings r = new TelemetryReadings();
    int[] shuffled = {7, 20, 1, 14, 3, 18, 10, 5, 12, 16, 2, 19, 9, 11, 4, 17, 6, 15, 8, 13};
    for (int i = 0; i < shuffled.length; i++) {
      r.add("d1", "A", String.format("2026-01-08T10:%02d:00Z", i * 3), shuffled[i]);
    }
    return r.add("d1", "A", "2026-01-08T11:00:00Z", 20.1).add("d1", "A", "2026-01-08T11:15:00Z", 20.4)
        .add("d1", "A", "2026-01-08T11:30:00Z", 20.2).add("d2", "B", "2026-01-08T23:59:59Z", -3.5);
  }

  @Test
  void hourlyStatisticsOnAKnownSet() {
    assertThat(lines(TelemetryAggregations.deviceHourly(readings().frame()), HOURLY)).containsExactly(
        // 20 values 1..20: p50 is the 10th smallest, p95 the 19th (percentile_approx returns a value of the set)
        "d1|A|temperature|C|2026-01-08|10|20|1.0|20.0|10.5|10.0|19.0",
        "d1|A|temperature|C|2026-01-08|11|3|20.1|20.4|20.233333|20.2|20.4",
        "d2|B|temperature|C|2026-01-08|23|1|-3.5|-3.5|-3.5|-3.5|-3.5");
  }

  @Test
  void aLateReadingChangesOnlyItsDeviceHourAndARerunChangesNothing() {
    Dataset<Row> before = readings().frame();
    List<String> first = lines(TelemetryAggregations.deviceHourly(before), HOURLY);
    // the same rows in another order and partitioning give the same values
    assertThat(lines(TelemetryAggregations.deviceHourly(before.orderBy("value").repartition(3)), HOURLY)).isEqualTo(first);

    List<String> after = lines(TelemetryAggregations.deviceHourly(readings().add("d1", "A", "2026-01-08T11:45:00Z", 20.9).frame()), HOURLY);
    List<String> gone = new ArrayList<>(first);
    gone.removeAll(after);
    List<String> added = new ArrayList<>(after);
    added.removeAll(first);
    assertThat(gone).containsExactly("d1|A|temperature|C|2026-01-08|11|3|20.1|20.4|20.233333|20.2|20.4");
    assertThat(added).containsExactly("d1|A|temperature|C|2026-01-08|11|4|20.1|20.9|20.4|20.2|20.9");
  }

  @Test
  void completenessCountsEachDeviceForTheSiteTheRegistryHasItAt() {
    Dataset<Row> devices = TelemetryReadings.devices(
        device("d1", "A", "2026-01-01", null),
        device("d2", "A", "2026-01-01", "2026-01-09"), // moves to B on the 9th
        device("d2", "B", "2026-01-09", null),
        device("d3", "A", "2026-01-01", null), // missing on the 8th
        device("d4", "C", "2026-01-05", null), // never reports
        device("d5", "B", "2026-01-10", null), // registered after the window
        device("d6", "B", "2025-12-01", "2026-01-08")); // removed before it
    TelemetryReadings r = new TelemetryReadings();
    for (int slot = 0; slot < 4; slot++) {
      r.add("d1", "A", "2026-01-08T0" + slot + ":00:00Z", 1).add("d1", "A", "2026-01-09T0" + slot + ":00:00Z", 1);
    }
    r.add("d2", "A", "2026-01-08T01:00:00Z", 1).add("d2", "A", "2026-01-08T02:00:00Z", 1).add("d2", "A", "2026-01-08T03:00:00Z", 1);
    // the registry, not the reading's site_id, decides the site
    r.add("d2", "A", "2026-01-09T01:00:00Z", 1).add("d2", "A", "2026-01-09T02:00:00Z", 1);
    r.add("d3", "A", "2026-01-09T05:00:00Z", 1);
    // a device the registry lacks counts for its own site, with nothing expected there
    r.add("dX", "Z", "2026-01-09T05:00:00Z", 1).add("dX", "Z", "2026-01-09T06:00:00Z", 1);
    RunWindow window = new RunWindow(LocalDate.parse("2026-01-08"), LocalDate.parse("2026-01-09"));

    assertThat(lines(TelemetryAggregations.siteDaily(r.frame(), devices, window, 4), DAILY)).containsExactly(
        "A|2026-01-08|3|2|7|12|0.5833",
        "A|2026-01-09|2|2|5|8|0.625",
        "B|2026-01-09|1|1|2|4|0.5",
        "C|2026-01-08|1|0|0|4|0.0",
        "C|2026-01-09|1|0|0|4|0.0",
        "Z|2026-01-09|0|1|2|0|null");
  }

  @Test
  void namesMissingColumnsBeforeAnyAction() {
    assertThatThrownBy(() -> TelemetryAggregations.deviceHourly(readings().frame().drop("reading_ts")))
        .hasMessage("Cannot aggregate device hours: missing columns [reading_ts] in "
            + "[device_id, site_id, sensor_type, reading_date, value, unit, received_ts, ingest_date]");
  }
}
