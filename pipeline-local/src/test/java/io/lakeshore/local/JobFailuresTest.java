package io.lakeshore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.GeneratorSettings;
import io.lakeshore.jobs.enrichment.EnrichmentJob;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real job given bad input: a clear message, the right exit code, and nothing written. */
class JobFailuresTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int enrichment(TestLake lake, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", "../conf"));
    all.addAll(lake.confArgs());
    return JobLauncher.run(LocalPipeline.job(EnrichmentJob.NAME), all.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aDateThatDidNotLandFailsWithExit1AndWritesNoTable() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    new CommerceGenerator(GeneratorSettings.defaults(50)).generate(lake.settings().raw(), LocalDate.parse("2026-04-01"));
    assertThat(enrichment(lake, "--from", "2026-04-01", "--to", "2026-04-02")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("Job enrichment failed: Cannot read raw customers: nothing landed at "
            + lake.settings().raw() + "/customers/date=2026-04-02");
    assertThat(lake.lakehouse().exists(TableId.parse("golden.orders"))).isFalse();
    assertThat(lake.lakehouse().exists(TableId.parse("quarantine.orders"))).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED");
  }

  @Test
  void anOutOfRangeJobSettingExits2BeforeSparkWork() {
    TestLake lake = TestSpark.freshLake(TableFormat.ICEBERG);
    assertThat(enrichment(lake, "--date", "2026-04-01", "--conf", "lakeshore.lateness-days=-1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
        .isEqualTo("Cannot load configuration: lakeshore.lateness-days must be in [0, 365], cannot be: -1"
            + " (--conf lakeshore.lateness-days=-1: 1)");
    assertThat(Files.exists(lake.root().resolve("reports"))).isFalse();
  }

  @Test
  void aMisspelledJobKeyExits2() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    assertThat(enrichment(lake, "--date", "2026-04-01", "--conf", "lakeshore.jobs.enrichment.latenes-days=3")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
        .isEqualTo("Cannot load configuration: unknown key lakeshore.jobs.enrichment.latenes-days (--conf lakeshore.jobs.enrichment.latenes-days=3: 1)");
  }

  @Test
  void aYearsWindowPlansWithItsLatenessHorizonBeyond366Days() {
    TestLake lake = TestSpark.freshLake(TableFormat.DELTA);
    assertThat(enrichment(lake, "--from", "2026-01-01", "--to", "2026-12-31", "--dry-run")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("golden.orders (delta)  replace  [order_date 2025-12-25..2026-12-31 x ingest_date 2026-01-01..2026-12-31]");
    assertThat(enrichment(lake, "--from", "2026-01-01", "--to", "2027-01-02", "--dry-run")).isEqualTo(2);
  }
}
