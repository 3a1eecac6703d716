package io.lakeshore.local;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.telemetry.datagen.TelemetryFault;
import io.lakeshore.telemetry.datagen.TelemetryGenerator;
import io.lakeshore.telemetry.datagen.TelemetryManifest;
import io.lakeshore.telemetry.datagen.TelemetrySettings;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The telemetry pipeline end to end on generated readings with known faults, on each table
 * format: every raw line is accounted for, every injected fault is quarantined under its rule, a
 * late reading is checked against the registry of its own date (committed by an earlier run),
 * reruns change nothing, and a late reading within the lookback changes exactly its hour.
 */
class TelemetryPipelineTest {
  static final LocalDate D1 = LocalDate.parse("2026-03-01");
  static final LocalDate D3 = LocalDate.parse("2026-03-03");
  static final List<String> JOBS = LocalPipeline.TELEMETRY;
  /** Small, with fault rates high enough that every kind of fault occurs every day. */
  static final TelemetrySettings DATA = new TelemetrySettings(7L, 12, 3, 96, 0.02, 0.02, 0.04, 0.02, 0.02, 0.03, 0.05, 0.03, 3);
  static final List<String> TABLES = List.of("golden.readings", "golden.devices", "quarantine.readings", "quarantine.devices",
      "curated.readings", "curated.devices", "serving.device_hourly", "serving.site_daily");

  private final SparkSession spark = TestSpark.spark();
  private static final Map<TableFormat, Pipeline> DAY_BY_DAY = new EnumMap<>(TableFormat.class);

  record Pipeline(TestLake lake, Map<LocalDate, TelemetryManifest> manifests) {}

  private static void run(TestLake lake, String job, String date) {
    List<String> args = new ArrayList<>(List.of("--date", date, "--conf-dir", "../conf"));
    args.addAll(lake.confArgs());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = JobLauncher.run(LocalPipeline.job(job), args.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(JobLauncher.OK);
  }

  private static void runDay(TestLake lake, LocalDate date) {
    JOBS.forEach(job -> run(lake, job, date.toString()));
  }

  private static synchronized Pipeline dayByDay(TableFormat format) {
    return DAY_BY_DAY.computeIfAbsent(format, f -> {
      TestLake lake = TestSpark.freshLake(f);
      TelemetryGenerator generator = new TelemetryGenerator(DATA);
      Map<LocalDate, TelemetryManifest> manifests = new LinkedHashMap<>();
      for (LocalDate d = D1; !d.isAfter(D3); d = d.plusDays(1)) {
        manifests.put(d, generator.generate(lake.settings().raw(), d));
        runDay(lake, d);
      }
      return new Pipeline(lake, manifests);
    });
  }

  private Dataset<Row> table(TestLake lake, String name) {
    return Lakehouse.open(spark, lake.settings()).table(TableId.parse(name)).read();
  }

  private Map<String, List<String>> contents(TestLake lake) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String name : TABLES) {
      all.put(name, lines(table(lake, name).drop(AuditColumns.ALL.toArray(String[]::new))));
    }
    return all;
  }

  /** The manifest's name of a reading: {@code device_id@reading_ts}. */
  private static Column key(Column rawRecord) {
    return concat(get_json_object(rawRecord, "$.device_id"), lit("@"), get_json_object(rawRecord, "$.reading_ts"));
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void everyRawLineIsAccountedForAndEveryFaultQuarantinedUnderItsRule(TableFormat format) {
    Pipeline p = dayByDay(format);
    Dataset<Row> golden = table(p.lake(), "golden.readings");
    Dataset<Row> quarantine = table(p.lake(), "quarantine.readings");
    for (Map.Entry<LocalDate, TelemetryManifest> day : p.manifests().entrySet()) {
      TelemetryManifest m = day.getValue();
      Date d = Date.valueOf(day.getKey());
      Dataset<Row> q = quarantine.filter(col("ingest_date").equalTo(d));
      // a late reading of a day before the first loaded registry has no snapshot to match
      List<String> unregistered = m.late().stream().filter(k -> k.substring(k.indexOf('@') + 1).compareTo(D1.toString()) < 0).sorted().toList();
      // both copies of a duplicated one are quarantined: deduplication keeps valid rows only
      List<String> unregisteredTwice = m.of(TelemetryFault.DUPLICATE).stream().filter(unregistered::contains).toList();
      long injected = unregistered.size() + unregisteredTwice.size();
      for (TelemetryFault fault : TelemetryFault.values()) {
        if (fault.rule() == null) {
          continue;
        }
        assertThat(m.count(fault)).as("generator injected %s on %s", fault, d).isPositive();
        injected += m.count(fault);
        Dataset<Row> under = q.filter(col("rule").equalTo(fault.rule()));
        List<String> found = fault == TelemetryFault.MALFORMED ? lines(under, "raw_record") : lines(under.select(key(col("raw_record"))));
        List<String> expected = new ArrayList<>(m.of(fault));
        if (fault == TelemetryFault.UNKNOWN_DEVICE) {
          expected.addAll(unregistered);
          expected.addAll(unregisteredTwice);
        }
        assertThat(found).as("%s quarantined under %s on %s", fault, fault.rule(), d)
            .containsExactlyElementsOf(expected.stream().sorted().toList());
      }
      assertThat(q.count()).as("nothing but injected faults is quarantined on %s", d).isEqualTo(injected);
      Dataset<Row> landed = golden.filter(col("ingest_date").equalTo(d));
      assertThat(landed.count()).as("raw = golden + quarantined + duplicates on %s", d)
          .isEqualTo(m.readingLines() - injected - (m.count(TelemetryFault.DUPLICATE) - unregisteredTwice.size()));
      // late readings of registered days are golden, in their reading date's partition
      List<String> late = lines(landed.filter(col("reading_date").lt(d))
          .select(concat(col("device_id"), lit("@"), date_format(col("reading_ts"), "yyyy-MM-dd'T'HH:mm:ss'Z'"))));
      assertThat(late).as("late readings of %s", d)
          .containsExactlyElementsOf(m.late().stream().filter(k -> !unregistered.contains(k)).sorted().toList());
      if (!d.toLocalDate().equals(D1)) {
        assertThat(late).as("late readings of %s", d).isNotEmpty();
      }
    }
    assertThat(table(p.lake(), "golden.devices").count()).isEqualTo(3L * DATA.devices());
    assertThat(table(p.lake(), "quarantine.devices").count()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void rerunningAnEarlierDateChangesNoTable(TableFormat format) {
    Pipeline p = dayByDay(format);
    Map<String, List<String>> before = contents(p.lake());
    runDay(p.lake(), D1.plusDays(1));
    Map<String, List<String>> after = contents(p.lake());
    for (String name : TABLES) {
      assertThat(after.get(name)).as(name).containsExactlyElementsOf(before.get(name));
    }
  }

  /**
   * One more reading of a registered device, two days late, lands on D3: the rerun of D3 changes
   * exactly its hour's row, its site's day and one curated row; taking the file away and rerunning
   * gives the tables back as they were.
   */
  @org.junit.jupiter.api.Test
  void aLateReadingWithinTheLookbackChangesExactlyItsHour() throws Exception {
    Pipeline p = dayByDay(TableFormat.DELTA);
    Map<String, List<String>> before = contents(p.lake());
    LocalDate d2 = D1.plusDays(1);
    Row device = table(p.lake(), "golden.readings")
        .filter(col("reading_date").equalTo(Date.valueOf(d2)).and(col("unit").equalTo(col("unit_normalised"))))
        .orderBy("device_id", "reading_ts").select("device_id", "site_id", "value", "unit").first();
    Path extra = Path.of(java.net.URI.create(p.lake().settings().raw() + "/readings/date=" + D3 + "/late-extra.jsonl"));
    Files.writeString(extra, "{\"device_id\":\"" + device.getString(0) + "\",\"value\":" + device.getDouble(2) + ",\"unit\":\""
        + device.getString(3) + "\",\"reading_ts\":\"" + d2 + "T10:07:30Z\",\"received_ts\":\"" + D3 + "T09:00:00Z\"}\n");
    Map<String, List<String>> after;
    try {
      runDay(p.lake(), D3);
      after = contents(p.lake());
    } finally {
      Files.delete(extra);
    }
    String hour = device.getString(0) + "|" + device.getString(1) + "|";
    for (String name : TABLES) {
      List<String> removed = new ArrayList<>(before.get(name));
      removed.removeAll(after.get(name));
      List<String> added = new ArrayList<>(after.get(name));
      added.removeAll(before.get(name));
      switch (name) {
        case "golden.readings", "curated.readings" -> {
          assertThat(removed).as(name).isEmpty();
          assertThat(added).as(name).hasSize(1).allMatch(l -> l.startsWith(device.getString(0) + "|") && l.contains(d2 + " 10:07:30"));
        }
        case "serving.device_hourly" -> {
          assertThat(removed).as(name).hasSize(1).allMatch(l -> l.startsWith(hour) && l.contains("|" + d2 + "|10|"));
          assertThat(added).as(name).hasSize(1).allMatch(l -> l.startsWith(hour) && l.contains("|" + d2 + "|10|"));
        }
        case "serving.site_daily" -> {
          assertThat(removed).as(name).hasSize(1).allMatch(l -> l.startsWith(device.getString(1) + "|" + d2 + "|"));
          assertThat(added).as(name).hasSize(1).allMatch(l -> l.startsWith(device.getString(1) + "|" + d2 + "|"));
        }
        default -> assertThat(removed.isEmpty() && added.isEmpty()).as(name + " unchanged").isTrue();
      }
    }
    // the hour counts one reading more, the site's day too
    assertThat(table(p.lake(), "serving.device_hourly").filter(col("device_id").equalTo(device.getString(0))
        .and(col("reading_date").equalTo(Date.valueOf(d2))).and(col("hour").equalTo(10))).first().<Long>getAs("readings"))
        .isEqualTo(Long.parseLong(before.get("serving.device_hourly").stream()
            .filter(l -> l.startsWith(hour) && l.contains("|" + d2 + "|10|")).findFirst().orElseThrow().split("\\|")[6]) + 1);
    runDay(p.lake(), D3);
    Map<String, List<String>> restored = contents(p.lake());
    for (String name : TABLES) {
      assertThat(restored.get(name)).as(name).containsExactlyElementsOf(before.get(name));
    }
  }
}
