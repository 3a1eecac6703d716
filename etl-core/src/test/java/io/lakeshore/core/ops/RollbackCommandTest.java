package io.lakeshore.core.ops;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.cli.RollbackCommand;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.job.Write;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.testkit.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code rollback --run-id} end to end through the CLI, on both formats, with runs made by the job launcher. */
class RollbackCommandTest {
  static final TableSpec THINGS =
      TableSpec.of(TableId.parse("golden.things"), AuditColumns.appendTo(new StructType().add("id", DataTypes.LongType, false)));
  static final TableSpec OTHERS =
      TableSpec.of(TableId.parse("golden.others"), AuditColumns.appendTo(new StructType().add("id", DataTypes.LongType, false)));

  /** A catalog name per lake: the session keeps a catalog's settings once it loaded it. */
  private static final java.util.concurrent.atomic.AtomicInteger LAKES = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir Path dir;
  private final SparkSession spark = TestSpark.spark();
  private Path conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void lake(TableFormat format) throws IOException {
    TestSpark.freshLake(format); // unregisters the Delta tables of earlier tests
    conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n"
        + "lakeshore.iceberg.catalog = rollback" + LAKES.incrementAndGet() + "\nlakeshore.tables.default-format = " + format + "\n"
        + "lakeshore.jobs.probe.tables { \"golden.things\" = ${lakeshore.table-defaults}, \"golden.others\" = ${lakeshore.table-defaults} }\n");
  }

  /** A run of a job that replaces golden.things with ids 0..things-1 and golden.others with 0..others-1 (0: not written). */
  private String run(long things, long others) {
    Job job = new Job() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public JobPlan plan(RunWindow window) {
        List<Write> writes = new ArrayList<>();
        if (things > 0) {
          writes.add(Write.replace(THINGS, Scope.all()).from(List.of(), reads -> SparkSession.active().range(things).toDF("id")));
        }
        if (others > 0) {
          writes.add(Write.replace(OTHERS, Scope.all()).from(List.of(), reads -> SparkSession.active().range(others).toDF("id")));
        }
        return JobPlan.of(writes.toArray(Write[]::new));
      }
    };
    ByteArrayOutputStream runOut = new ByteArrayOutputStream();
    int code = JobLauncher.run("probe", c -> job, new String[] {"--date", "2026-01-01", "--conf-dir", conf.toString()},
        spark, new PrintStream(runOut, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Matcher m = Pattern.compile("run (\\S+)  job probe").matcher(runOut.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private int rollback(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", conf.toString()));
    return RollbackCommand.run(all.toArray(String[]::new), spark,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** What the command printed to stderr, without the configuration's notes. */
  private String errors() {
    return err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("Note: ")).collect(java.util.stream.Collectors.joining("\n"));
  }

  private Lakehouse lakehouse() {
    LakeshoreConfig config = ConfigLoader.load(conf, "local", List.of());
    return Lakehouse.open(spark, config.lakehouse());
  }

  private List<String> ids(TableSpec table) {
    return lines(lakehouse().table(table.id()).read().orderBy("id"), "id");
  }

  private RunLedger ledger() {
    return new RunLedger(spark, lakehouse());
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void theLatestRunIsUndoneOnEveryTableItWroteAndTheLedgerRunsItsDatesAgain(TableFormat format) throws IOException {
    lake(format);
    run(3, 0);
    String second = run(5, 2);
    assertThat(ids(THINGS)).hasSize(5);

    assertThat(rollback("--run-id", second)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(ids(THINGS)).containsExactly("0", "1", "2");
    assertThat(ids(OTHERS)).isEmpty(); // the run made the table's first commit
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("rollback of run " + second + ": 2 table(s), run(s) " + second + "\n")
        .contains("  golden.others: restore ").contains("  golden.things: restore version ")
        .containsPattern("run \\S+-rollback-\\S+  job rollback  window 2026-01-01  SUCCEEDED");
    // the rolled-back run's date is no longer done: a backfill with --only-missing runs it again
    var state = ledger().states("probe", RunWindow.of(LocalDate.parse("2026-01-01"))).get(LocalDate.parse("2026-01-01"));
    assertThat(state.status()).isEqualTo(RunLedger.ROLLED_BACK);
    assertThat(state.runId()).isEqualTo(second);
    assertThat(ledger().producers(THINGS.id(), RunWindow.of(LocalDate.parse("2026-01-01"))).get(LocalDate.parse("2026-01-01")))
        .contains("-rollback-");

    // a run already rolled back has nothing left to undo
    assertThat(rollback("--run-id", second)).as(errors()).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot roll back run " + second
        + ": no table holds a commit of it (searched golden.others, golden.things; a run already rolled back holds none)");
    assertThat(ids(THINGS)).containsExactly("0", "1", "2");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aRunWithLaterRunsOnTopIsRefusedNamingThemUnlessForcedThenAllAreUndoneNewestFirst(TableFormat format) throws IOException {
    lake(format);
    String first = run(3, 0);
    String second = run(5, 2);
    String third = run(0, 7);

    assertThat(rollback("--run-id", first)).isEqualTo(1);
    assertThat(errors()).matches("Cannot roll back run " + Pattern.quote(first)
        + ": commits were made on top of it: run " + Pattern.quote(second) + " \\(golden.things version -?\\d+\\);"
        + " rerun with --force to roll those back too, newest first");
    assertThat(ids(THINGS)).hasSize(5);

    assertThat(rollback("--run-id", first, "--force", "--dry-run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("rollback of run " + first + " (forced): 2 table(s), run(s) " + third + ", " + second + ", " + first + "\n")
        .endsWith("dry run: nothing was restored\n");
    assertThat(ids(THINGS)).hasSize(5);
    assertThat(ids(OTHERS)).hasSize(7);

    assertThat(rollback("--run-id", first, "--force")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(ids(THINGS)).isEmpty();
    assertThat(ids(OTHERS)).isEmpty();
    assertThat(lines(ledger().runs().read().filter("status = 'ROLLED_BACK'").orderBy("run_id"), "run_id"))
        .containsExactlyElementsOf(java.util.stream.Stream.of(first, second, third).sorted().toList());
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void badArgumentsExitTwoAndNameTheProblem(TableFormat format) throws IOException {
    lake(format);
    assertThat(rollback()).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot parse arguments: Missing required option: '--run-id=RUN_ID'");
    assertThat(rollback("--run-id", "x'; DROP TABLE t")).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot parse arguments: --run-id must be a run id such as"
        + " 20260101T120000Z-enrichment-0a1b2c3d, cannot be: 'x'; DROP TABLE t'");
    assertThat(rollback("--run-id", "20260101T000000Z-probe-00000000")).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot roll back run 20260101T000000Z-probe-00000000: no table holds");
  }
}
