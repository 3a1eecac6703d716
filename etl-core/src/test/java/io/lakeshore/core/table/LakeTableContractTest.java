package io.lakeshore.core.table;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.Store;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, both formats, both stores: every LakeTable behaves the same on Delta and on
 * Iceberg, with the lake on the local disk and on S3 (s3proxy through S3A, the catalog a local
 * SQLite file either way).
 */
class LakeTableContractTest {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("day", DataTypes.DateType, false)
          .add("value", DataTypes.IntegerType, false);
  static final TableSpec SPEC = TableSpec.of(TableId.of("golden", "things"), SCHEMA, "day");
  static final CommitInfo RUN1 = new CommitInfo("run-1", "test");
  static final CommitInfo RUN2 = new CommitInfo("run-2", "test");

  private final SparkSession spark = TestSpark.spark();

  /** Every test runs on {local, s3} x {delta, iceberg}. */
  static Stream<Arguments> lakes() {
    return Stream.of(Store.values()).flatMap(store -> Stream.of(TableFormat.values()).map(format -> Arguments.of(store, format)));
  }

  private Dataset<Row> rows(Object[]... values) {
    List<Row> list = java.util.Arrays.stream(values)
        .map(v -> RowFactory.create(v[0], Date.valueOf((String) v[1]), v[2])).toList();
    return spark.createDataFrame(list, SCHEMA);
  }

  private static RunWindow day(String d) {
    return RunWindow.of(LocalDate.parse(d));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void replaceTouchesOnlyTheWindowAndIsIdempotent(Store store, TableFormat format) throws Exception {
    TestLake testLake = TestSpark.freshLake(store, format);
    Lakehouse lake = testLake.lakehouse();
    LakeTable t = lake.create(SPEC);
    assertThat(t.format()).isEqualTo(format);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}, new Object[] {"b", "2026-01-02", 2}), RUN1);
    // the files are where the store keeps them (for S3, the server's folder of the bucket)
    java.nio.file.Path tableDir = testLake.root().resolve("warehouse").resolve(format.toString())
        .resolve("golden/things");
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(tableDir)) {
      assertThat(files.map(java.nio.file.Path::toString).filter(f -> f.endsWith(".parquet")).count()).isEqualTo(2);
    }

    Dataset<Row> replacement = rows(new Object[] {"c", "2026-01-02", 3}, new Object[] {"d", "2026-01-02", 4});
    t.replace(replacement, day("2026-01-02").covers(col("day")), RUN2);
    t.replace(replacement, day("2026-01-02").covers(col("day")), RUN2);
    assertThat(lines(t.read(), "id", "day", "value"))
        .containsExactly("a|2026-01-01|1", "c|2026-01-02|3", "d|2026-01-02|4");

    // an empty replacement clears the window's partitions
    t.replace(rows(), day("2026-01-01").covers(col("day")), RUN2);
    assertThat(lines(t.read(), "id")).containsExactly("c", "d");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void replaceRejectsRowsOutsideTheWindowAndChangesNothing(Store store, TableFormat format) {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    LakeTable t = lake.create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    long version = t.version().getAsLong();
    assertThatThrownBy(
            () -> t.replace(rows(new Object[] {"x", "2026-01-05", 9}), day("2026-01-01").covers(col("day")), RUN2))
        .isInstanceOf(TableException.class)
        .hasMessageStartingWith("Cannot replace partitions of golden.things: ")
        .hasMessageContaining("a row lies outside");
    assertThat(lines(t.read(), "id")).containsExactly("a");
    assertThat(t.version().getAsLong()).isEqualTo(version);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void mergeUpsertsByKey(Store store, TableFormat format) {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    LakeTable t = lake.create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}, new Object[] {"b", "2026-01-01", 2}), RUN1);
    Dataset<Row> source = rows(new Object[] {"b", "2026-01-01", 20}, new Object[] {"c", "2026-01-01", 30});
    for (int i = 0; i < 2; i++) {
      t.merge(source,
          t.target("id").equalTo(LakeTable.source("id")).and(day("2026-01-01").covers(t.target("day"))),
          m -> m.whenMatched().updateAll().whenNotMatched().insertAll(), RUN2);
    }
    assertThat(lines(t.read(), "id", "value")).containsExactly("a|1", "b|20", "c|30");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void everyCommitNamesItsRun(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    LakeTable t = lake.lakehouse().create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    t.merge(rows(new Object[] {"a", "2026-01-01", 2}), t.target("id").equalTo(LakeTable.source("id")),
        m -> m.whenMatched().updateAll(), RUN2);
    if (format == TableFormat.DELTA) {
      assertThat(lines(spark.sql("DESCRIBE HISTORY " + t.qualifiedName()).filter("version > 0"), "userMetadata"))
          .containsExactly(
              "{\"lakeshore.run-id\":\"run-1\",\"lakeshore.job\":\"test\"}",
              "{\"lakeshore.run-id\":\"run-2\",\"lakeshore.job\":\"test\"}");
    } else {
      assertThat(lines(spark.table(t.qualifiedName() + ".snapshots")
              .selectExpr("summary['lakeshore.run-id']", "summary['lakeshore.job']")))
          .containsExactly("run-1|test", "run-2|test");
    }
    // and the session setting used for Delta does not leak into later commits
    assertThat(spark.conf().getOption("spark.databricks.delta.commitInfo.userMetadata").isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void theListenerHearsEveryCommitWithTheVersionsAroundIt(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    List<Commit> commits = new java.util.ArrayList<>();
    LakeTable t = Lakehouse.open(spark, lake.settings(), commits::add).create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    t.replace(rows(new Object[] {"b", "2026-01-01", 2}), day("2026-01-01").covers(col("day")), RUN2);
    assertThatThrownBy(() -> t.replace(rows(new Object[] {"x", "2026-01-09", 9}), day("2026-01-01").covers(col("day")), RUN2))
        .isInstanceOf(TableException.class);
    assertThat(commits).extracting(Commit::operation, c -> c.info().runId(), Commit::format)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Commit.Operation.APPEND, "run-1", format),
            org.assertj.core.groups.Tuple.tuple(Commit.Operation.REPLACE, "run-2", format));
    assertThat(commits.get(1).versionBefore()).hasValue(commits.get(0).versionAfter());
    assertThat(t.version()).hasValue(commits.get(1).versionAfter());
    assertThat(commits.get(1).versionBefore()).isNotEqualTo(java.util.OptionalLong.of(commits.get(1).versionAfter()));
    if (format == TableFormat.DELTA) {
      assertThat(commits.get(0).versionBefore()).hasValue(0); // the CREATE commit
      assertThat(commits.get(1).versionAfter()).isEqualTo(2);
    } else {
      assertThat(commits.get(0).versionBefore()).isEmpty(); // a new Iceberg table has no snapshot
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void aSecondProcessFindsTheTableByName(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    lake.lakehouse().create(SPEC).append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    // what a new process sees: nothing registered in the session catalog, same settings
    spark.sql("DROP DATABASE IF EXISTS spark_catalog.golden CASCADE");
    Lakehouse again = Lakehouse.open(spark, lake.settings());
    assertThat(again.exists(SPEC.id())).isTrue();
    assertThat(lines(again.table(SPEC.id()).read(), "id")).containsExactly("a");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void aTypeChangeADroppedColumnOrANewRequiredColumnIsRefusedNamingColumnAndTypes(Store store, TableFormat format) {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    LakeTable t = lake.create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    long version = t.version().getAsLong();
    TableSpec widened = TableSpec.of(SPEC.id(), new StructType()
        .add("id", DataTypes.StringType).add("day", DataTypes.DateType).add("value", DataTypes.LongType), "day");
    assertThatThrownBy(() -> lake.create(widened))
        .isInstanceOf(TableException.class)
        .hasMessage("Cannot use table golden.things: column value is int in the table but declared bigint;"
            + " a type is never changed automatically (nothing was written)");
    TableSpec dropped = TableSpec.of(SPEC.id(), new StructType()
        .add("id", DataTypes.StringType).add("day", DataTypes.DateType).add("weight", DataTypes.DoubleType, false), "day");
    assertThatThrownBy(() -> lake.create(dropped))
        .isInstanceOf(TableException.class)
        .hasMessage("Cannot use table golden.things: column value (int) is in the table but not declared; a column is never"
            + " dropped automatically; column weight (double) is declared but not in the table, and only a nullable column"
            + " can be added (nothing was written)");
    assertThat(t.version()).hasValue(version);
    assertThat(lines(t.read(), "id", "day", "value")).containsExactly("a|2026-01-01|1");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void openingAMissingTableNamesIt(Store store, TableFormat format) {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    assertThat(lake.exists(TableId.parse("golden.none"))).isFalse();
    assertThatThrownBy(() -> lake.table(TableId.parse("golden.none")))
        .isInstanceOf(TableException.class)
        .hasMessageStartingWith("Cannot open table golden.none: no " + (format == TableFormat.DELTA ? "Delta" : "Iceberg") + " table ");
  }

  /** Blocks the write of the first run inside its own scan until the second run committed. */
  static java.util.concurrent.CountDownLatch entered;
  static java.util.concurrent.CountDownLatch release;

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void eachCommitReportsItsOwnParentWhenAnotherRunCommitsMeanwhile(Store store, TableFormat format) throws Exception {
    TestLake lake = TestSpark.freshLake(store, format);
    List<Commit> commits = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    LakeTable t = Lakehouse.open(spark, lake.settings(), commits::add).create(SPEC);
    t.append(rows(new Object[] {"a", "2026-01-01", 1}, new Object[] {"b", "2026-01-02", 2}), new CommitInfo("run-0", "test"));
    entered = new java.util.concurrent.CountDownLatch(1);
    release = new java.util.concurrent.CountDownLatch(1);
    spark.udf().register("await_release", (org.apache.spark.sql.api.java.UDF1<Integer, Integer>) v -> {
      entered.countDown();
      release.await(60, java.util.concurrent.TimeUnit.SECONDS);
      return v;
    }, DataTypes.IntegerType);
    Dataset<Row> slow = rows(new Object[] {"c", "2026-01-01", 3})
        .withColumn("value", org.apache.spark.sql.functions.call_udf("await_release", col("value")));
    java.util.concurrent.CompletableFuture<Void> first = java.util.concurrent.CompletableFuture.runAsync(
        () -> t.replace(slow, day("2026-01-01").covers(col("day")), RUN1));
    try {
      assertThat(entered.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      t.replace(rows(new Object[] {"d", "2026-01-02", 4}), day("2026-01-02").covers(col("day")), RUN2);
    } finally {
      release.countDown();
    }
    first.get(120, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(commits).extracting(c -> c.info().runId()).containsExactly("run-0", "run-2", "run-1");
    Commit second = commits.get(1);
    Commit last = commits.get(2);
    // run-1 started before run-2 but committed after it: its parent is run-2's commit
    assertThat(second.versionBefore()).hasValue(commits.get(0).versionAfter());
    assertThat(last.versionBefore()).hasValue(second.versionAfter());
    assertThat(t.version()).hasValue(last.versionAfter());
    assertThat(lines(t.read(), "id", "day", "value")).containsExactly("c|2026-01-01|3", "d|2026-01-02|4");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void everyCommitReportsTheRowsItInsertedUpdatedAndDeletedAlikeOnBothFormats(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    LakeTable t = lake.lakehouse().create(SPEC);
    Commit append = t.append(rows(new Object[] {"a", "2026-01-01", 1}, new Object[] {"b", "2026-01-01", 2},
        new Object[] {"c", "2026-01-02", 3}), RUN1).orElseThrow();
    assertThat(List.of(append.rowsInserted(), append.rowsUpdated(), append.rowsDeleted())).containsExactly(3L, 0L, 0L);
    Commit replace = t.replace(rows(new Object[] {"x", "2026-01-01", 9}), day("2026-01-01").covers(col("day")), RUN2)
        .orElseThrow();
    assertThat(replace.operation()).isEqualTo(Commit.Operation.REPLACE);
    assertThat(List.of(replace.rowsInserted(), replace.rowsUpdated(), replace.rowsDeleted())).containsExactly(1L, 0L, 2L);
    Commit merge = t.merge(rows(new Object[] {"x", "2026-01-01", 10}, new Object[] {"c", "2026-01-02", 3},
            new Object[] {"n", "2026-01-02", 5}),
        t.target("id").equalTo(LakeTable.source("id")),
        m -> m.whenMatched(t.target("value").notEqual(LakeTable.source("value"))).updateAll().whenNotMatched().insertAll(),
        new CommitInfo("run-3", "test")).orElseThrow();
    // x changed, c did not (copied, not counted), n is new
    assertThat(List.of(merge.rowsInserted(), merge.rowsUpdated(), merge.rowsDeleted())).containsExactly(1L, 1L, 0L);
    assertThat(merge.rowsWritten()).isEqualTo(2);
    assertThat(lines(t.read(), "id", "value")).containsExactly("c|3", "n|5", "x|10");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void aWriteThatCommitsNothingReportsNoCommit(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    List<Commit> heard = new java.util.ArrayList<>();
    LakeTable t = Lakehouse.open(spark, lake.settings(), heard::add).create(SPEC);
    assertThat(t.append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1)).isPresent();
    // Delta makes no commit for an empty replace of an empty partition; Iceberg makes an empty one
    var empty = t.replace(rows(), day("2026-01-05").covers(col("day")), RUN1);
    if (format == TableFormat.DELTA) {
      assertThat(empty).isEmpty();
      assertThat(heard).hasSize(1);
    } else {
      assertThat(empty).get().extracting(Commit::rowsInserted, Commit::rowsDeleted).containsExactly(0L, 0L);
      assertThat(heard).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void aTableWhoseFormatWasSwitchedIsRefusedBeforeAnyWrite(Store store, TableFormat format) {
    TestLake lake = TestSpark.freshLake(store, format);
    lake.lakehouse().create(SPEC).append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    TableFormat other = format == TableFormat.DELTA ? TableFormat.ICEBERG : TableFormat.DELTA;
    Lakehouse switched = Lakehouse.open(spark, lake.settings().withAllTables(other));
    String where = format == TableFormat.DELTA
        ? lake.settings().warehouse() + "/delta/golden/things"
        : lake.settings().icebergCatalog() + ".golden.things";
    assertThatThrownBy(() -> switched.requireConfiguredFormat(SPEC.id()))
        .isInstanceOf(TableException.class)
        .hasMessage("Cannot use table golden.things: it holds data as " + format + " (" + where + ") but is configured as "
            + other + "; set its format back to " + format + ", or copy its data into a " + other + " table first"
            + " (nothing was written)");
    assertThat(switched.exists(SPEC.id())).isFalse();
    lake.lakehouse().requireConfiguredFormat(SPEC.id()); // the configured format holds it: fine
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void aNullableColumnTheDeclarationAddsIsAddedToTheTableAndTold(Store store, TableFormat format) {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    lake.create(SPEC).append(rows(new Object[] {"a", "2026-01-01", 1}), RUN1);
    TableSpec wider = TableSpec.of(SPEC.id(), new StructType()
        .add("id", DataTypes.StringType, false).add("note", DataTypes.StringType, true)
        .add("day", DataTypes.DateType, false).add("value", DataTypes.IntegerType, false), "day");
    List<String> told = new java.util.ArrayList<>();
    LakeTable t = Lakehouse.open(spark, lake.settings(), new CommitListener() {
      @Override
      public void committed(Commit commit) {}

      @Override
      public void columnsAdded(TableId table, List<String> added) {
        told.add(table + ": " + added);
      }
    }).create(wider);
    assertThat(told).containsExactly("golden.things: [note string]");
    t.append(spark.createDataFrame(List.of(RowFactory.create("b", "hello", Date.valueOf("2026-01-02"), 2)), wider.schema()), RUN2);
    assertThat(lines(t.read(), "id", "note", "day", "value")).containsExactly("a|null|2026-01-01|1", "b|hello|2026-01-02|2");
    // a column the declaration drops is still refused
    assertThatThrownBy(() -> lake.create(SPEC)).isInstanceOf(TableException.class)
        .hasMessage("Cannot use table golden.things: column note (string) is in the table but not declared; a column is"
            + " never dropped automatically (nothing was written)");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("lakes")
  void timestampsAreWrittenAsInt64MicrosecondsNotInt96(Store store, TableFormat format) throws Exception {
    Lakehouse lake = TestSpark.freshLake(store, format).lakehouse();
    TableSpec spec = TableSpec.of(TableId.parse("golden.events"), new StructType()
        .add("id", DataTypes.StringType, false).add("at", DataTypes.TimestampType, false));
    LakeTable t = lake.create(spec);
    t.append(spark.createDataFrame(List.of(RowFactory.create("a", java.sql.Timestamp.valueOf("2026-01-01 10:00:00.123456"))),
        spec.schema()), RUN1);
    String[] files = format == TableFormat.DELTA ? t.read().inputFiles()
        : spark.table(t.qualifiedName() + ".files").select("file_path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
            .toArray(String[]::new);
    assertThat(files).hasSize(1);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(files[0]);
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, spark.sparkContext().hadoopConfiguration()))) {
      var at = reader.getFooter().getFileMetaData().getSchema().getType("at").asPrimitiveType();
      assertThat(at.getPrimitiveTypeName()).isEqualTo(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(at.getLogicalTypeAnnotation()).isInstanceOf(
          org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation.class);
      assertThat(((org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) at.getLogicalTypeAnnotation())
          .getUnit()).isEqualTo(org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS);
    }
    assertThat(lines(t.read(), "id", "at")).containsExactly("a|2026-01-01 10:00:00.123456");
  }

  /**
   * A commit's extra properties come back in the history; an earlier version reads as it was until
   * a clean-up removes files it needs, and then says it cannot be read.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(TableFormat.class)
  void anEarlierVersionReadsAsItWasUntilACleanUpRemovesItsFiles(TableFormat format) {
    LakeTable t = TestSpark.freshLake(format).lakehouse().create(SPEC);
    long first = t.append(rows(new Object[] {"a", "2026-01-01", 1}, new Object[] {"b", "2026-01-02", 2}),
        RUN1.with(java.util.Map.of("lakeshore.dates.day", "2026-01-01..2026-01-02"))).orElseThrow().versionAfter();
    long second = t.replace(rows(new Object[] {"a", "2026-01-01", 10}), day("2026-01-01").covers(col("day")), RUN2)
        .orElseThrow().versionAfter();
    TableVersion recorded = t.history().stream().filter(v -> v.version() == first).findFirst().orElseThrow();
    assertThat(recorded.properties())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(CommitInfo.RUN_ID, "run-1", CommitInfo.JOB, "test", "lakeshore.dates.day",
            "2026-01-01..2026-01-02"));
    assertThat(t.history().get(0).properties()).containsEntry(CommitInfo.RUN_ID, "run-2").doesNotContainKey("lakeshore.dates.day");
    assertThat(lines(t.readAt(first), "id", "day", "value")).containsExactly("a|2026-01-01|1", "b|2026-01-02|2");
    assertThat(lines(t.readAt(second), "id", "day", "value")).containsExactly("a|2026-01-01|10", "b|2026-01-02|2");
    assertThat(t.readableAt(first)).isTrue();
    assertThat(t.readableAt(12345L)).isFalse();
    t.maintenance().cleanUp(java.time.Duration.ZERO, java.time.Duration.ZERO, false, new CommitInfo("clean", "test"));
    assertThat(t.readableAt(first)).as("the file of a,1 is gone").isFalse();
    assertThat(t.readableAt(t.version().orElseThrow())).isTrue();
    assertThat(lines(t.read(), "id", "day", "value")).containsExactly("a|2026-01-01|10", "b|2026-01-02|2");
  }
}
