package io.lakeshore.testkit;

import io.lakeshore.core.table.LakehouseSettings;
import io.lakeshore.core.config.SparkSettings;
import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark fixture of the test suites: one local session per test JVM (starting Spark per test
 * would dominate the suite's time), and a fresh lake — new folders and a new Iceberg catalog —
 * for each test that asks for one, so tests do not see each other's tables.
 */
public final class TestSpark {
  private static SparkSession spark;
  private static Path root;
  private static final AtomicInteger LAKES = new AtomicInteger();

  private TestSpark() {}

  /** The shared session: local[2], UI off, small shuffles, both table formats. */
  public static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        root = Files.createTempDirectory("lakeshore-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      LakehouseSettings base = settings(root.resolve("lake0"), "lake0", TableFormat.DELTA);
      SparkSettings settings =
          new SparkSettings(
              "local[2]",
              2,
              Map.of(
                  "spark.ui.enabled", "false",
                  "spark.sql.warehouse.dir", root.resolve("spark-warehouse").toString(),
                  // a tiny table's Delta snapshot is otherwise rebuilt with 50 tasks
                  "spark.databricks.delta.snapshotPartitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.driver.host", "127.0.0.1"));
      spark = Sessions.create("lakeshore-tests", settings, base);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  /**
   * A new, empty lake whose tables all use {@code format}. Unregisters the Delta tables of earlier
   * lakes from the session catalog (their data stays where it is).
   */
  public static TestLake freshLake(TableFormat format) {
    SparkSession session = spark();
    for (Row db : session.sql("SHOW DATABASES").collectAsList()) {
      String name = db.getString(0);
      if (!name.equals("default")) {
        session.sql("DROP DATABASE IF EXISTS spark_catalog.`" + name + "` CASCADE");
      }
    }
    String catalog = "lake" + LAKES.incrementAndGet();
    Path dir = root.resolve(catalog);
    LakehouseSettings settings = settings(dir, catalog, format);
    return new TestLake(dir, settings, Lakehouse.open(session, settings));
  }

  private static LakehouseSettings settings(Path dir, String catalog, TableFormat format) {
    return new LakehouseSettings(
        dir.resolve("warehouse").toUri().toString().replaceAll("/$", ""),
        dir.resolve("raw").toUri().toString().replaceAll("/$", ""),
        format,
        Map.of(),
        catalog,
        Map.of("type", "jdbc", "uri", "jdbc:sqlite:" + dir.resolve("catalog/iceberg.db"), "jdbc.schema-version", "V1"));
  }

  /** A lake of one test: its folder, its settings and the matching --conf overrides. */
  public record TestLake(Path root, LakehouseSettings settings, Lakehouse lakehouse) {
    /** Overrides that point a job launched in-process at this lake. */
    public List<String> confArgs() {
      return List.of(
          "--conf", "lakeshore.root=" + root,
          "--conf", "lakeshore.iceberg.catalog=" + settings.icebergCatalog(),
          "--conf", "lakeshore.tables.default-format=" + settings.defaultFormat());
    }
  }
}
