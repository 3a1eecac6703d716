package io.lakeshore.local;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The run ledger, and backfills that run only the dates it shows missing, failed or stale. */
class BackfillTest {
  static final LocalDate D1 = LocalDate.parse("2026-06-01");
  static final LocalDate D4 = D1.plusDays(3);
  static final String RANGE_FROM = D1.toString();
  static final String RANGE_TO = D4.toString();

  private static Path orders(TestLake lake, LocalDate date) {
    return lake.root().resolve("raw/orders/date=" + date + "/orders.jsonl");
  }

  /** The windows of the runs of a job the ledger holds, as "from|status", in run order. */
  private static List<String> runs(TestLake lake, String job) {
    var ledger = new RunLedger(TestSpark.spark(), lake.lakehouse());
    return ledger.runs().read().filter(col("job").equalTo(job)).orderBy("finished_at")
        .selectExpr("concat(cast(window_from as string), '|', status)").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  private static String runId(Launch run) {
    Matcher m = Pattern.compile("run (\\S+)  job").matcher(run.out());
    assertThat(m.find()).as(run.output()).isTrue();
    return m.group(1);
  }

  // One format: what --only-missing plans comes from the ledger and the raw files, not from the
  // tables' format; the ledger itself is written in both formats by every other pipeline test, and
  // CrashAndConcurrencyTest runs --only-missing on both. Iceberg, as its runs cost a third of Delta's.
  @ParameterizedTest
  @EnumSource(value = TableFormat.class, names = "ICEBERG")
  void onlyMissingRunsTheHoleTheFailedDayAndTheStaleDayThenNothing(TableFormat format) throws IOException {
    TestLake lake = TestSpark.freshLake(format);
    CommerceGenerator generator = new CommerceGenerator(GeneratorSettings.defaults(40));
    for (LocalDate d = D1; !d.isAfter(D4); d = d.plusDays(1)) {
      generator.generate(lake.settings().raw(), d);
    }
    String d1 = runId(Launch.run(lake, "enrichment", "--date", D1.toString()));
    // D2 fails (an empty orders file), then its file comes back
    byte[] d2 = Files.readAllBytes(orders(lake, D1.plusDays(1)));
    Files.write(orders(lake, D1.plusDays(1)), new byte[0]);
    Launch failed = Launch.run(lake, "enrichment", "--date", D1.plusDays(1).toString());
    assertThat(failed.code()).isEqualTo(1);
    Files.write(orders(lake, D1.plusDays(1)), d2);
    // D3 never runs; D4 runs, then its orders file is rewritten
    String d4 = runId(Launch.run(lake, "enrichment", "--date", D4.toString()));
    Instant was = Instant.ofEpochMilli(Files.getLastModifiedTime(orders(lake, D4)).toMillis());
    Files.setLastModifiedTime(orders(lake, D4), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    long size = Files.size(orders(lake, D4));

    Launch plan = Launch.run(lake, "enrichment", "--from", RANGE_FROM, "--to", RANGE_TO, "--only-missing", "--dry-run");
    assertThat(plan.code()).as(plan.output()).isZero();
    assertThat(plan.out().lines().toList()).containsExactly(
        "backfill of enrichment over 2026-06-01..2026-06-04: 3 of 4 dates to run (dry run: nothing is written)",
        "  2026-06-01  skip  done by run " + d1,
        "  2026-06-02  run   failed: run " + runId(failed) + " ended FAILED",
        "  2026-06-03  run   missing: no run of enrichment covers it",
        "  2026-06-04  run   stale since run " + d4 + ": now: raw orders orders.jsonl " + size + " 2030-01-01T00:00:00Z;"
            + " was: raw orders orders.jsonl " + size + " " + was);
    assertThat(runs(lake, "enrichment")).containsExactly("2026-06-01|SUCCEEDED", "2026-06-02|FAILED", "2026-06-04|SUCCEEDED");

    Launch backfill = Launch.run(lake, "enrichment", "--from", RANGE_FROM, "--to", RANGE_TO, "--only-missing");
    assertThat(backfill.code()).as(backfill.output()).isZero();
    assertThat(runs(lake, "enrichment")).containsExactly("2026-06-01|SUCCEEDED", "2026-06-02|FAILED", "2026-06-04|SUCCEEDED",
        "2026-06-02|SUCCEEDED", "2026-06-03|SUCCEEDED", "2026-06-04|SUCCEEDED");
    Launch again = Launch.run(lake, "enrichment", "--from", RANGE_FROM, "--to", RANGE_TO, "--only-missing");
    assertThat(again.code()).isZero();
    assertThat(again.out().lines().findFirst().orElseThrow())
        .isEqualTo("backfill of enrichment over 2026-06-01..2026-06-04: 0 of 4 dates to run");
    assertThat(runs(lake, "enrichment")).hasSize(6);

    // a table read was produced again for a date: the next job is stale on that date only
    assertThat(Launch.run(lake, "curation", "--from", RANGE_FROM, "--to", RANGE_TO).code()).isZero();
    String rerun = runId(Launch.run(lake, "enrichment", "--date", D1.plusDays(2).toString()));
    Launch curation = Launch.run(lake, "curation", "--from", RANGE_FROM, "--to", RANGE_TO, "--only-missing", "--dry-run");
    List<String> lines = curation.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("backfill of curation over 2026-06-01..2026-06-04: 1 of 4 dates to run (dry run: nothing is written)");
    assertThat(lines.get(3)).startsWith("  2026-06-03  run   stale since run ")
        .contains("now: table golden.customers " + rerun, "now: table golden.orders " + rerun);
    assertThat(lines.get(1)).startsWith("  2026-06-01  skip  done by run ");

    // the ledger holds what each successful run produced, per table and date, and the code version
    var ledger = new RunLedger(TestSpark.spark(), lake.lakehouse());
    assertThat(lines(ledger.partitions().filter(col("run_id").equalTo(rerun)), "table_id", "date"))
        .containsExactly("golden.customers|2026-06-03", "golden.orders|2026-06-03", "golden.products|2026-06-03",
            "quarantine.customers|2026-06-03", "quarantine.orders|2026-06-03", "quarantine.products|2026-06-03");
    assertThat(lines(ledger.runs().read().filter(col("run_id").equalTo(rerun)), "status", "code_version"))
        .containsExactly("SUCCEEDED|0.1.0-SNAPSHOT");
  }
}
