package io.lakeshore.core.table;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.testkit.ChildJvm;
import io.lakeshore.testkit.PostgresServer;
import io.lakeshore.testkit.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two processes writing one table at once, through a shared catalog: the Iceberg JDBC catalog on
 * a real PostgreSQL server, and Delta's log on a shared folder. The race is made deterministic:
 * while this JVM's write runs its tasks, the first task starts the other process and waits until
 * it has committed, so this write commits second, on top of the other's commit.
 */
class ConcurrentCommitTest {
  private static final LocalDate D1 = LocalDate.parse("2026-01-01");
  private static final LocalDate D2 = LocalDate.parse("2026-01-02");
  private static final CommitInfo RUN = new CommitInfo("this-process", "test");
  /** The command the first task of a racing write runs; static: tasks run in this JVM (local mode). */
  private static final AtomicReference<List<String>> RACE = new AtomicReference<>();
  private static PostgresServer postgres;
  private static Path root;

  private final SparkSession spark = TestSpark.spark();

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = PostgresServer.start();
    root = Files.createTempDirectory("lakeshore-conflict-");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  /** The lake both processes open: Iceberg tables in the PostgreSQL catalog. */
  static LakehouseSettings settings(TableFormat format, String warehouse, String catalog, String jdbcUri) {
    return new LakehouseSettings(warehouse, warehouse + "-raw", format, Map.of(), catalog,
        Map.of("type", "jdbc", "uri", jdbcUri, "jdbc.user", PostgresServer.USER, "jdbc.password", PostgresServer.PASSWORD));
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aWriteThatLosesTheRaceForItsWindowFailsClearlyAndTheOtherProcesssWriteStays(TableFormat format) throws Exception {
    Lake lake = lake(format, "race");
    LakeTable table = lake.lakehouse.create(LakeTableContractTest.SPEC);
    table.append(rows(List.of("old")), RUN);

    RACE.set(lake.otherProcess(D1, "theirs"));
    assertThatThrownBy(() -> table.replace(racing(rows(List.of("mine-1", "mine-2"))), RunWindow.of(D1).covers(col("day")), RUN))
        .isInstanceOf(CommitConflictException.class)
        .hasMessageStartingWith("Cannot replace partitions of golden.things: another writer committed to these rows while this"
            + " write ran; nothing of this write was committed, so run the window again (");
    // the other process's write is whole, and nothing of the losing write is in the table
    assertThat(lines(table.read(), "id", "day", "value")).containsExactly("theirs|2026-01-01|100");

    // run again, the write replaces the window as it would have without the race
    table.replace(rows(List.of("mine-1", "mine-2")), RunWindow.of(D1).covers(col("day")), RUN);
    assertThat(lines(table.read(), "id", "day", "value")).containsExactly("mine-1|2026-01-01|1", "mine-2|2026-01-01|1");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void writesOfDifferentWindowsAtOnceBothCommit(TableFormat format) throws Exception {
    Lake lake = lake(format, "apart");
    LakeTable table = lake.lakehouse.create(LakeTableContractTest.SPEC);
    table.append(rows(List.of("old")), RUN);

    RACE.set(lake.otherProcess(D2, "theirs"));
    table.replace(racing(rows(List.of("mine"))), RunWindow.of(D1).covers(col("day")), RUN);
    assertThat(lines(table.read(), "id", "day", "value")).containsExactly("mine|2026-01-01|1", "theirs|2026-01-02|100");
  }

  private record Lake(TableFormat format, Lakehouse lakehouse, String warehouse, String catalog) {
    List<String> otherProcess(LocalDate day, String id) {
      List<String> command = ChildJvm.java("1g");
      command.addAll(List.of("-cp", ChildJvm.classPath(),
          ConcurrentWriter.class.getName(), format.name(), warehouse, catalog, postgres.jdbcUrl(), day.toString(), id));
      return command;
    }
  }

  private Lake lake(TableFormat format, String name) {
    // Delta names live in this JVM's session catalog: forget another test's golden.things (its data stays)
    spark.sql("DROP DATABASE IF EXISTS spark_catalog.golden CASCADE");
    String catalog = "pg_" + name + "_" + format.name().toLowerCase(java.util.Locale.ROOT);
    String warehouse = root.resolve(catalog).toUri().toString().replaceAll("/$", "");
    LakehouseSettings settings = settings(format, warehouse, catalog, postgres.jdbcUrl());
    return new Lake(format, Lakehouse.open(spark, settings), warehouse, catalog);
  }

  private Dataset<Row> rows(List<String> ids) {
    return spark.createDataFrame(ids.stream().map(id -> RowFactory.create(id, Date.valueOf(D1), 1)).toList(),
        LakeTableContractTest.SCHEMA);
  }

  /** {@code rows}, whose first task runs the other process to its end before it yields a row. */
  private static Dataset<Row> racing(Dataset<Row> rows) {
    MapPartitionsFunction<Row, Row> raceFirst = partition -> {
      List<String> command = RACE.getAndSet(null);
      if (command != null) {
        runOtherProcess(command);
      }
      return partition;
    };
    return rows.coalesce(1).mapPartitions(raceFirst, ExpressionEncoder.apply(rows.schema()));
  }

  private static void runOtherProcess(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(root, "other-", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the other process did not finish in 3 minutes; log: " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("the other process failed (" + p.exitValue() + "): "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }
}
