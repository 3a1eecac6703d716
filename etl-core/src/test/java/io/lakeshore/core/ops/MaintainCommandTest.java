package io.lakeshore.core.ops;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sort_array;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.cli.MaintainCommand;
import io.lakeshore.core.cli.RollbackCommand;
import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
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
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code maintain} through the CLI on both formats: retention, compaction and clean-up, each checked on content and files. */
class MaintainCommandTest {
  static final TableSpec EVENTS = TableSpec.of(TableId.parse("golden.events"),
      new StructType().add("id", DataTypes.LongType, false).add("day", DataTypes.DateType, false), "day");
  private static final java.util.concurrent.atomic.AtomicInteger LAKES = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir Path dir;
  private final SparkSession spark = TestSpark.spark();
  private Path conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private LakeTable lake(TableFormat format) throws IOException {
    TestSpark.freshLake(format);
    conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "lakeshore.root = \"" + dir.resolve("lake") + "\"\n"
        + "lakeshore.iceberg.catalog = maintain" + LAKES.incrementAndGet() + "\nlakeshore.tables.default-format = " + format + "\n"
        + "lakeshore.jobs.probe.tables.\"golden.events\" = ${lakeshore.table-defaults} {\n"
        + "  maintenance { retention-days = 3, target-file-size = 1MiB, keep-versions-for = 0s, orphan-age = 1h }\n}\n"
        + "lakeshore.maintenance.raw-retention-days = 2\n");
    return lakehouse().create(EVENTS);
  }

  private Lakehouse lakehouse() {
    return Lakehouse.open(spark, ConfigLoader.load(conf, "local", List.of()).lakehouse());
  }

  /** {@code perDay} rows for each day, appended in {@code commits} commits (so in many small files). */
  private void fill(LakeTable table, LocalDate first, LocalDate last, int perDay, int commits) {
    for (int c = 0; c < commits; c++) {
      List<Row> rows = new ArrayList<>();
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        for (int i = c; i < perDay; i += commits) {
          rows.add(RowFactory.create(d.toEpochDay() * 1000 + i, Date.valueOf(d)));
        }
      }
      table.append(spark.createDataFrame(rows, EVENTS.schema()).repartition(2), new CommitInfo("fill-" + c, "test"));
    }
  }

  private int maintain(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", conf.toString()));
    return MaintainCommand.run(all.toArray(String[]::new), spark,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("Note: ")).collect(Collectors.joining("\n"));
  }

  /** A digest of every row: equal digests, equal content. */
  private String checksum(LakeTable table) {
    return table.read().select(sha2(concat_ws("\n", sort_array(collect_list(concat_ws("|", col("id"), col("day"))))), 256))
        .as(org.apache.spark.sql.Encoders.STRING()).first();
  }

  private static long filesIn(LakeTable table, String day) {
    return table.maintenance().dataFiles().stream().filter(f -> f.contains("/day=" + day + "/")).count();
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void compactionLeavesOneFilePerSmallPartitionAndTheSameRowsThenCleanUpRemovesOnlyWhatNoVersionNeeds(TableFormat format)
      throws IOException {
    LakeTable table = lake(format);
    fill(table, LocalDate.parse("2026-01-08"), LocalDate.parse("2026-01-10"), 300, 6);
    String before = checksum(table);
    assertThat(filesIn(table, "2026-01-08")).isGreaterThanOrEqualTo(6);

    assertThat(maintain("--only", "compact", "--date", "2026-01-10", "--dry-run")).isZero();
    assertThat(filesIn(table, "2026-01-08")).isGreaterThanOrEqualTo(6);
    assertThat(maintain("--only", "compact", "--date", "2026-01-10")).as(errors()).isZero();
    assertThat(printed()).containsPattern("  golden.events: compact: \\d+ -> 3 data files\n");
    assertThat(List.of(filesIn(table, "2026-01-08"), filesIn(table, "2026-01-09"), filesIn(table, "2026-01-10")))
        .containsExactly(1L, 1L, 1L);
    assertThat(checksum(table)).isEqualTo(before);
    assertThat(table.read().count()).isEqualTo(900);

    // a file no version references, left two days ago by a job that died before its commit
    Path partition = dir.resolve("lake/warehouse/" + (format == TableFormat.DELTA ? "delta/golden/events" : "iceberg/golden/events/data")
        + "/day=2026-01-08");
    Path orphan = Files.write(partition.resolve("orphan-0.parquet"), new byte[] {1, 2, 3});
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
    Path young = Files.write(partition.resolve("in-flight-0.parquet"), new byte[] {1, 2, 3});

    assertThat(maintain("--only", "clean", "--date", "2026-01-10", "--dry-run")).isZero();
    assertThat(orphan).exists();
    assertThat(maintain("--only", "clean", "--date", "2026-01-10")).as(errors()).isZero();
    assertThat(orphan).as(printed()).doesNotExist();
    assertThat(young).exists(); // younger than orphan-age: it may belong to a running job
    if (format == TableFormat.DELTA) {
      // the files compaction replaced were removed from the table a moment ago: kept for orphan-age
      assertThat(printed()).contains("  golden.events: clean: removed 1 file(s) or snapshot(s): ")
          .contains("day=2026-01-08/orphan-0.parquet");
    } else {
      // keep-versions-for = 0s: every snapshot but the current expires, with the small files only they held
      assertThat(printed()).containsPattern("  golden.events: clean: removed \\d+ file\\(s\\) or snapshot\\(s\\): snapshot ");
      assertThat(lines(spark.table(table.qualifiedName() + ".snapshots"), "operation")).containsExactly("replace");
    }
    assertThat(checksum(lakehouse().table(EVENTS.id()))).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void retentionDeletesExactlyThePartitionsOlderThanItsDaysAndTheRawFoldersTooAndRollbackBringsThemBack(TableFormat format)
      throws IOException {
    LakeTable table = lake(format);
    fill(table, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-10"), 5, 1);
    String before = checksum(table);
    for (int d = 5; d <= 10; d++) {
      Path folder = Files.createDirectories(dir.resolve("lake/raw/orders/date=2026-01-" + String.format("%02d", d)));
      Files.writeString(folder.resolve("orders.jsonl"), "{}\n");
    }

    assertThat(maintain("--only", "retention", "--only", "raw", "--date", "2026-01-10", "--dry-run")).as(errors()).isZero();
    assertThat(printed()).contains("  golden.events: retention: would delete day < 2026-01-07: 2026-01-01 (5 rows), 2026-01-02 (5 rows),"
            + " 2026-01-03 (5 rows), 2026-01-04 (5 rows), 2026-01-05 (5 rows), 2026-01-06 (5 rows)\n")
        .contains("  raw: would delete 3 date folder(s) before 2026-01-08: orders/date=2026-01-05, orders/date=2026-01-06,"
            + " orders/date=2026-01-07\n");
    assertThat(checksum(table)).isEqualTo(before);
    assertThat(dir.resolve("lake/raw/orders/date=2026-01-05")).exists();

    assertThat(maintain("--only", "retention", "--only", "raw", "--date", "2026-01-10")).as(errors()).isZero();
    assertThat(lines(lakehouse().table(EVENTS.id()).read().select("day").distinct().orderBy("day"), "day"))
        .containsExactly("2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10");
    try (Stream<Path> raw = Files.list(dir.resolve("lake/raw/orders"))) {
      assertThat(raw.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("date=2026-01-08", "date=2026-01-09", "date=2026-01-10");
    }
    // a maintenance run is a run: its deletes roll back like any other
    Matcher run = Pattern.compile("as of 2026-01-10, run (\\S+)").matcher(printed());
    assertThat(run.find()).isTrue();
    ByteArrayOutputStream rolled = new ByteArrayOutputStream();
    assertThat(RollbackCommand.run(new String[] {"--run-id", run.group(1), "--conf-dir", conf.toString()}, spark,
        new PrintStream(rolled, true, StandardCharsets.UTF_8), new PrintStream(rolled, true, StandardCharsets.UTF_8)))
        .as(rolled.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(checksum(lakehouse().table(EVENTS.id()))).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void badSettingsOrTablesExitTwoBeforeAnythingIsTouched(TableFormat format) throws IOException {
    lake(format);
    assertThat(maintain("--conf", "lakeshore.jobs.probe.tables.\"golden.events\".maintenance.orphan-age=10m")).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot configure lakeshore.jobs.probe.tables.\"golden.events\".maintenance.orphan-age:"
        + " must be at least 1h (longer than the longest job, whose files are unreferenced until it commits), cannot be: PT10M");
    assertThat(maintain("--table", "golden.nope")).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot maintain table golden.nope: the configuration declares no such table; declared: [");
    assertThat(maintain("--only", "polish")).isEqualTo(2);
    assertThat(errors()).startsWith("Cannot parse arguments: Invalid value for option '--only'");
  }
}
