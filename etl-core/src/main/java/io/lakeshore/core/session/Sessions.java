package io.lakeshore.core.session;

import io.lakeshore.core.config.LakehouseSettings;
import io.lakeshore.core.config.SparkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a process, with Delta as {@code spark_catalog} and Iceberg as a
 * named catalog. Called only by entry points (the job launcher, the local pipeline, the test
 * fixture); library code receives the session.
 *
 * <p>Precedence: Lakeshore's defaults below &lt; {@code lakeshore.spark.*} settings &lt; {@code
 * lakeshore.spark.conf} entries. On a cluster, spark-submit's {@code --conf} values are already in
 * the SparkConf and are only overridden by keys set here.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(String appName, SparkSettings spark, LakehouseSettings lake) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!spark.master().isBlank()) {
      builder = builder.master(spark.master());
    }
    for (Map.Entry<String, String> e : conf(spark, lake).entrySet()) {
      builder = builder.config(e.getKey(), e.getValue());
    }
    return builder.getOrCreate();
  }

  /** Every setting the session gets, in order of precedence (later wins). */
  public static Map<String, String> conf(SparkSettings spark, LakehouseSettings lake) {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    conf.put(
        "spark.sql.extensions",
        "io.delta.sql.DeltaSparkSessionExtension,"
            + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.putAll(icebergCatalogConf(lake));
    // Dates are dates everywhere: no legacy calendar rebasing or session-zone surprises.
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.shuffle.partitions", Integer.toString(spark.shufflePartitions()));
    conf.putAll(spark.conf());
    return conf;
  }

  /**
   * The settings that define the Iceberg catalog. Catalogs load lazily, so these may also be set
   * on a running session ({@code Lakehouse.open} does, when the catalog is not defined yet).
   */
  public static Map<String, String> icebergCatalogConf(LakehouseSettings lake) {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    String catalog = "spark.sql.catalog." + lake.icebergCatalog();
    conf.put(catalog, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(catalog + ".warehouse", lake.warehouse() + "/iceberg");
    lake.icebergProperties().forEach((k, v) -> conf.put(catalog + "." + k, v));
    prepareSqlite(lake.icebergProperties().get("uri"));
    return conf;
  }

  /** SQLite cannot create the folder of its database file (SQLITE_CANTOPEN). */
  private static void prepareSqlite(String uri) {
    if (uri == null || !uri.startsWith("jdbc:sqlite:")) {
      return;
    }
    String file = uri.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create catalog folder: " + parent, e);
    }
  }
}
