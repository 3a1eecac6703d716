package io.lakeshore.core.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.run.RunWindow;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes size their files: a partition of B bytes is written in at most ceil(B / target) + 1
 * files, however many tasks produced its rows, on both formats.
 */
class WriteLayoutTest {
  private static final long TARGET = 256 * 1024;
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("day", DataTypes.DateType, false)
      .add("payload", DataTypes.StringType, false);
  private static final TableSpec SPEC = TableSpec.of(TableId.of("golden", "events"), SCHEMA, "day");
  private static final LocalDate FIRST = LocalDate.parse("2026-03-01");

  private final SparkSession spark = TestSpark.spark();

  /** 300,000 rows over three days of 200,000, 90,000 and 10,000 rows, spread over 8 tasks. */
  private Dataset<Row> rows() {
    Dataset<Row> ids = spark.range(0, 300_000, 1, 8).toDF("n");
    return ids.select(
        concat(lit("e-"), col("n").cast("string")).as("id"),
        date_add(lit(FIRST.toString()).cast("date"), when(col("n").lt(200_000), 0).when(col("n").lt(290_000), 1).otherwise(2)).as("day"),
        sha2(col("n").cast("string"), 256).as("payload"));
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void filesPerPartitionStayWithinTheTargetBound(TableFormat format) {
    TestLake lake = TestSpark.freshLake(format);
    LakehouseSettings settings = lake.settings();
    LakehouseSettings small = new LakehouseSettings(settings.warehouse(), settings.raw(), format, Map.of(), settings.icebergCatalog(),
        settings.icebergProperties(), TARGET, Map.of());
    LakeTable table = Lakehouse.open(spark, small).create(SPEC);
    RunWindow window = RunWindow.between(FIRST, FIRST.plusDays(2));

    // the first write, and a rerun of the window, which on Delta sizes by what the first wrote
    for (String run : new String[] {"run-1", "run-2"}) {
      table.replace(rows(), window.covers(col("day")), new CommitInfo(run, "test"));
      Map<String, long[]> files = filesByPartition(table);
      assertThat(files.keySet()).as(run).containsExactly("day=2026-03-01", "day=2026-03-02", "day=2026-03-03");
      files.forEach((partition, sizes) -> {
        long bytes = java.util.Arrays.stream(sizes).sum();
        long bound = (bytes + TARGET - 1) / TARGET + 1;
        assertThat((long) sizes.length).as(run + " " + partition + ": " + sizes.length + " files of " + bytes + " bytes")
            .isLessThanOrEqualTo(bound);
      });
      assertThat(table.read().count()).isEqualTo(300_000);
    }
    // and sizing did split the largest partition into files of about the target
    long[] largest = filesByPartition(table).get("day=2026-03-01");
    long bytes = java.util.Arrays.stream(largest).sum();
    assertThat(bytes).isGreaterThan(4 * TARGET);
    assertThat((long) largest.length).as("files of the largest partition").isGreaterThanOrEqualTo(bytes / TARGET / 2);
  }

  /** The sizes of the current version's data files, by their partition folder. */
  private static Map<String, long[]> filesByPartition(LakeTable table) {
    Map<String, java.util.List<Long>> sizes = new TreeMap<>();
    for (String file : table.maintenance().dataFiles()) {
      Path path = file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file);
      String partition = path.getParent().getFileName().toString();
      try {
        sizes.computeIfAbsent(partition, p -> new java.util.ArrayList<>()).add(Files.size(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sizes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().stream().mapToLong(Long::longValue).toArray(), (a, b) -> a, TreeMap::new));
  }
}
