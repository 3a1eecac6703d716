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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark fixture of the test suites: one local session per test JVM (starting Spark per test
 * would dominate the suite's time), and a fresh lake — new folders and a new Iceberg catalog —
 * for each test that asks for one, so tests do not see each other's tables.
 *
 * <p>A lake is on the local disk or, with {@link Store#S3}, in a bucket of a real S3 server
 * ({@link S3Server}, s3proxy) reached through S3A. The server starts with the first S3 lake, one
 * per test JVM, and stops when the JVM exits; S3 lakes need {@code hadoop-aws} and the AWS SDK's
 * {@code s3} and {@code s3-transfer-manager} on the test classpath and the s3proxy jar where
 * {@link S3Server} looks for it (etl-core's and pipeline-local's builds provide both).
 */
public final class TestSpark {
  /** Where a test lake's tables and raw zone live. */
  public enum Store {
    /** Folders on the local disk. */
    LOCAL,
    /** A bucket of the test JVM's S3 server, as {@code s3a://} URIs; the Iceberg catalog stays a local SQLite file. */
    S3
  }

  /** The bucket of every S3 lake (each lake is a prefix of its own). */
  public static final String BUCKET = "lakeshore-test-lakes";

  private static SparkSession spark;
  private static Path root;
  private static S3Server s3;
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
   * A new, empty local lake whose tables all use {@code format}. Unregisters the Delta tables of
   * earlier lakes from the session catalog (their data stays where it is).
   */
  public static TestLake freshLake(TableFormat format) {
    return freshLake(Store.LOCAL, format);
  }

  /**
   * Unregisters every Delta table from the shared session's catalog (their data stays where it
   * is): the session outlives each test's lake, and a name registered for one lake must not stand
   * for another's. With the session catalog the lakehouse does not check a registered name's
   * location (only with a Hive Metastore), so a stale name would silently read and write the
   * earlier lake's table.
   */
  public static void forgetDeltaTables() {
    SparkSession session = spark();
    for (Row db : session.sql("SHOW DATABASES").collectAsList()) {
      String name = db.getString(0);
      if (!name.equals("default")) {
        session.sql("DROP DATABASE IF EXISTS spark_catalog.`" + name + "` CASCADE");
      }
    }
  }

  /**
   * A new, empty lake on {@code store} whose tables all use {@code format}. Unregisters the Delta
   * tables of earlier lakes from the session catalog (their data stays where it is).
   */
  public static TestLake freshLake(Store store, TableFormat format) {
    SparkSession session = spark();
    forgetDeltaTables();
    String catalog = "lake" + LAKES.incrementAndGet();
    Path dir = root.resolve(catalog);
    Path catalogDb = dir.resolve("catalog/iceberg.db");
    if (store == Store.LOCAL) {
      String location = dir.toUri().toString().replaceAll("/$", "");
      LakehouseSettings settings = settings(location, catalog, catalogDb, format);
      return new TestLake(dir, dir.toString(), catalogDb, settings, Lakehouse.open(session, settings));
    }
    S3Server server = s3();
    String location = "s3a://" + server.bucket() + "/" + catalog;
    LakehouseSettings settings = settings(location, catalog, catalogDb, format);
    return new TestLake(server.bucketDir().resolve(catalog), location, catalogDb, settings, Lakehouse.open(session, settings));
  }

  private static LakehouseSettings settings(Path dir, String catalog, TableFormat format) {
    return settings(dir.toUri().toString().replaceAll("/$", ""), catalog, dir.resolve("catalog/iceberg.db"), format);
  }

  private static LakehouseSettings settings(String location, String catalog, Path catalogDb, TableFormat format) {
    return new LakehouseSettings(
        location + "/warehouse",
        location + "/raw",
        format,
        Map.of(),
        catalog,
        Map.of("type", "jdbc", "uri", "jdbc:sqlite:" + catalogDb, "jdbc.schema-version", "V1"));
  }

  /**
   * The test JVM's S3 server, started on first use with a random access key and secret, and the
   * session's S3A settings for its bucket: endpoint, path-style access over plain HTTP, and the
   * server's credentials. They are set on the running session's Hadoop configuration because the
   * server's port is known only now; S3A reads them when it first opens the bucket.
   */
  public static synchronized S3Server s3() {
    if (s3 == null) {
      SparkSession session = spark();
      String accessKey = "LSLAKES" + UUID.randomUUID().toString().replace("-", "").substring(0, 13).toUpperCase(Locale.ROOT);
      String secretKey = UUID.randomUUID().toString();
      S3Server server = S3Server.start(BUCKET, accessKey, secretKey);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      org.apache.hadoop.conf.Configuration hadoop = session.sparkContext().hadoopConfiguration();
      // per bucket, so that a test's own S3 server (another bucket) is configured independently
      String bucket = "fs.s3a.bucket." + BUCKET + ".";
      hadoop.set(bucket + "endpoint", server.endpoint());
      hadoop.set(bucket + "path.style.access", "true");
      hadoop.set(bucket + "connection.ssl.enabled", "false");
      hadoop.set(bucket + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      hadoop.set(bucket + "access.key", accessKey);
      hadoop.set(bucket + "secret.key", secretKey);
      s3 = server;
    }
    return s3;
  }

  /**
   * A lake of one test.
   *
   * @param root the folder of its files; for an S3 lake the server's folder of its objects (read
   *     it, but write through S3)
   * @param location its root as {@code lakeshore.root} names it: a local path or {@code s3a://bucket/lakeN}
   * @param catalogDb the SQLite file of its Iceberg catalog, always on the local disk
   * @param settings its settings
   * @param lakehouse its tables
   */
  public record TestLake(Path root, String location, Path catalogDb, LakehouseSettings settings, Lakehouse lakehouse) {
    /** Overrides that point a job launched in-process at this lake. */
    public List<String> confArgs() {
      if (!location.startsWith("s3a://")) {
        return List.of(
            "--conf", "lakeshore.root=" + location,
            "--conf", "lakeshore.iceberg.catalog=" + settings.icebergCatalog(),
            "--conf", "lakeshore.tables.default-format=" + settings.defaultFormat());
      }
      // the default catalog file is below lakeshore.root, where SQLite cannot go
      return List.of(
          "--conf", "lakeshore.root=\"" + location + "\"",
          "--conf", "lakeshore.iceberg.catalog=" + settings.icebergCatalog(),
          "--conf", "lakeshore.iceberg.properties.uri=\"jdbc:sqlite:" + catalogDb + "\"",
          "--conf", "lakeshore.tables.default-format=" + settings.defaultFormat());
    }
  }
}
