package io.lakeshore.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.Load;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contract without Spark: usage errors exit 2 before any session exists, a dry run
 * prints the plan and writes nothing. (A session passed as null would be built on a real run;
 * these tests never get that far, which the run counter proves.)
 */
class JobLauncherTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger runs = new AtomicInteger();
  private Path confDir;

  /** A job that would count its runs (its parse step counts); its plan loads one raw entity. */
  private final Function<LakeshoreConfig, Job> factory =
      config -> new Job() {
        @Override
        public String name() {
          return "probe";
        }

        @Override
        public JobPlan plan(RunWindow window) {
          RawInput things = RawInput.csv("things", "id", "day");
          TableSpec table = TableSpec.of(TableId.parse("golden.things"),
              new StructType().add("id", DataTypes.StringType).add("day", DataTypes.DateType), "day");
          return JobPlan.of(Load.from(things).into(table, Scope.dates("day", window)).parse(lines -> {
            runs.incrementAndGet();
            return things.parse(lines);
          }));
        }
      };

  @BeforeEach
  void conf() throws IOException {
    confDir = dir.resolve("conf");
    Files.createDirectories(confDir.resolve("env"));
    Files.writeString(confDir.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n");
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", confDir.toString()));
    return JobLauncher.run("probe", factory, all.toArray(String[]::new), null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String firstErrorLine() {
    return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void badDateExits2AndNamesIt() {
    assertThat(run("--date", "2026-02-30")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot parse --date: '2026-02-30' is not a date (expected YYYY-MM-DD)");
    assertThat(runs).hasValue(0);
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  @Test
  void fromAfterToExits2() {
    assertThat(run("--from", "2026-01-05", "--to", "2026-01-01")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot make run window: --from 2026-01-05 is after --to 2026-01-01");
  }

  @Test
  void fromWithoutToExits2() {
    assertThat(run("--from", "2026-01-05")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot parse arguments: --from needs --to");
  }

  @Test
  void dateWithRangeExits2() {
    assertThat(run("--date", "2026-01-05", "--from", "2026-01-01", "--to", "2026-01-02")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot parse arguments: --date cannot be combined with --from/--to");
  }

  @Test
  void noWindowExits2() {
    assertThat(run()).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot parse arguments: give --date, or --from and --to");
  }

  @Test
  void onlyMissingTakesAnExplicitValue() {
    // =false is a plain range run: its dry run prints the plan without reading the ledger (no Spark)
    assertThat(run("--from", "2026-01-01", "--to", "2026-01-02", "--only-missing=false", "--dry-run")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("plan for probe over 2026-01-01..2026-01-02");
    assertThat(run("--from", "2026-01-01", "--to", "2026-01-02", "--only-missing=maybe")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo(
        "Cannot parse arguments: Invalid value for option '--only-missing': 'maybe' is not a boolean");
    assertThat(runs).hasValue(0);
  }

  @Test
  void unknownOptionExits2() {
    assertThat(run("--date", "2026-01-01", "--bogus")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot parse arguments: Unknown option: '--bogus'");
  }

  @Test
  void unknownConfigKeyExits2() {
    assertThat(run("--date", "2026-01-01", "--conf", "lakeshore.nope=1")).isEqualTo(2);
    assertThat(firstErrorLine()).isEqualTo("Cannot load configuration: unknown key lakeshore.nope (--conf lakeshore.nope=1: 1)");
    assertThat(runs).hasValue(0);
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  @Test
  void dryRunPrintsThePlanAndWritesNothing() {
    assertThat(run("--from", "2026-01-01", "--to", "2026-01-02", "--dry-run")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("plan for probe over 2026-01-01..2026-01-02 (dry run: nothing is written)\n"
            + "  inputs:\n"
            + "    raw things/date=D  [ingest dates 2026-01-01..2026-01-02]\n"
            + "  outputs:\n"
            + "    golden.things (delta)  replace  [day 2026-01-01..2026-01-02]\n"
            + "    quarantine.things (delta)  replace  [ingest_date 2026-01-01..2026-01-02]\n");
    assertThat(runs).hasValue(0);
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  @Test
  void helpExits0() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--dry-run", "--from", "--conf=KEY=VALUE");
  }
}
