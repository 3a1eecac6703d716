package io.lakeshore.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.job.Scope;
import io.lakeshore.core.job.Write;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The launcher around a real run: the report exists from the start and lists what was committed. */
class JobLauncherRunTest {
  static final TableSpec THINGS =
      TableSpec.of(TableId.parse("golden.things"), AuditColumns.appendTo(new StructType().add("id", DataTypes.LongType, false)));
  static final TableSpec OTHERS =
      TableSpec.of(TableId.parse("golden.others"), AuditColumns.appendTo(new StructType().add("id", DataTypes.LongType, false)));

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(TableFormat format, Function<LakeshoreConfig, Job> factory) throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n"
        + "lakeshore.iceberg.catalog = probe_" + format + "\nlakeshore.tables.default-format = " + format + "\n");
    return JobLauncher.run("probe", factory, new String[] {"--date", "2026-01-01", "--conf-dir", conf.toString()},
        TestSpark.spark(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Two writes: the first commits golden.things; the second runs {@code then} and fails. */
  private static Job job(java.util.function.Supplier<Void> before, java.util.function.Supplier<Void> then) {
    return new Job() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public JobPlan plan(RunWindow window) {
        return JobPlan.of(
            Write.replace(THINGS, Scope.all()).from(List.of(), reads -> {
              before.get();
              return org.apache.spark.sql.SparkSession.active().range(3).toDF("id");
            }),
            Write.replace(OTHERS, Scope.all()).from(List.of(), reads -> {
              then.get();
              throw new IllegalStateException("Cannot go on: stopped by the test");
            }));
      }
    };
  }

  private List<Path> reports() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("lake/reports/probe"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
    }
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aRunIsRecordedAsRunningBeforeItsFirstCommitAndEachCommitIsListed(TableFormat format) throws IOException {
    AtomicReference<String> seenAtStart = new AtomicReference<>();
    AtomicReference<String> seenAfterCommit = new AtomicReference<>();
    int code = run(format, config -> job(() -> {
      seenAtStart.set(read(single()));
      return null;
    }, () -> {
      seenAfterCommit.set(read(single()));
      return null;
    }));
    assertThat(code).isEqualTo(1);
    // a process killed at either point would have left these behind
    JsonNode start = new ObjectMapper().readTree(seenAtStart.get());
    assertThat(start.get("status").asText()).isEqualTo("RUNNING");
    assertThat(start.get("committed")).isEmpty();
    JsonNode midway = new ObjectMapper().readTree(seenAfterCommit.get());
    assertThat(midway.get("status").asText()).isEqualTo("RUNNING");
    assertThat(midway.get("committed")).hasSize(1);
    assertThat(midway.get("committed").get(0).get("table").asText()).isEqualTo("golden.things");

    JsonNode last = new ObjectMapper().readTree(read(single()));
    assertThat(last.get("status").asText()).isEqualTo("FAILED");
    assertThat(last.get("error").asText()).isEqualTo("Cannot go on: stopped by the test");
    JsonNode committed = last.get("committed");
    assertThat(committed).hasSize(1);
    assertThat(committed.get(0).get("table").asText()).isEqualTo("golden.things");
    assertThat(committed.get(0).get("operation").asText()).isEqualTo("replace");
    long after = midway.get("committed").get(0).get("version_after").asLong();
    assertThat(committed.get(0).get("version_after").asLong()).isEqualTo(after);
    if (format == TableFormat.DELTA) {
      assertThat(after).isEqualTo(1); // CREATE is version 0
    }
    // Delta's CREATE is version 0; a new Iceberg table has no snapshot before the first commit
    String before = format == TableFormat.DELTA ? "0" : "none";
    assertThat(committed.get(0).get("version_before").isNull()).isEqualTo(format == TableFormat.ICEBERG);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  committed before the failure: golden.things replace " + before + " -> " + after);
  }

  /**
   * A failure whose message quotes a secret setting, as a driver quotes the URL it could not
   * reach: the secret, given in the environment's file or by --conf, is in no output of the run,
   * not on stderr or stdout, not in the report, not in the ledger's row.
   */
  @org.junit.jupiter.api.Test
  void aFailureThatQuotesASecretIsRedactedInEveryOutput() throws IOException {
    String secret = "S3cr3t-do-not-print-4711";
    TestSpark.freshLake(TableFormat.DELTA); // unregisters earlier lakes' Delta tables, audit.runs among them
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n"
        + "lakeshore.iceberg.catalog = probe_secret\nlakeshore.tables.default-format = delta\n"
        + "lakeshore.delta.hive.jdbc.password = \"" + secret + "\"\n");
    Function<LakeshoreConfig, Job> failing = config -> new Job() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public JobPlan plan(RunWindow window) {
        return JobPlan.of(Write.replace(THINGS, Scope.all()).from(List.of(), reads -> {
          throw new IllegalStateException("Cannot connect to jdbc:postgresql://hive:" + secret + "@db/metastore with token "
              + secret + "-token");
        }));
      }
    };
    String[] args = {"--date", "2026-01-01", "--conf-dir", conf.toString(), "--conf", "lakeshore.jobs.probe.api-token=" + secret + "-token"};
    int code = JobLauncher.run("probe", failing, args, TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    String redacted = "Cannot connect to jdbc:postgresql://hive:***@db/metastore with token ***";
    // the note names the probe's section, which no module declares
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(2).last().isEqualTo("Job probe failed: " + redacted);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("  error: " + redacted).doesNotContain(secret);
    String report = read(single());
    assertThat(report).doesNotContain(secret);
    assertThat(new ObjectMapper().readTree(report).get("error").asText()).isEqualTo(redacted);
    LakeshoreConfig config = io.lakeshore.core.config.ConfigLoader.load(conf, "local", List.of());
    var runs = io.lakeshore.core.table.Lakehouse.open(TestSpark.spark(), config.lakehouse()).table(TableId.parse("audit.runs")).read();
    List<String> rows = runs.toJSON().collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).doesNotContain(secret).contains(redacted);
  }

  private Path single() {
    try {
      List<Path> files = reports();
      assertThat(files).hasSize(1);
      return files.get(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
