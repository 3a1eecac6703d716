package io.lakeshore.core.session;

import io.lakeshore.core.table.DeltaMetastore;
import io.lakeshore.core.table.IcebergCatalogs;
import io.lakeshore.core.table.LakehouseSettings;
import io.lakeshore.core.config.SparkSettings;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a process, with Delta as {@code spark_catalog} and Iceberg as a
 * named catalog. Called only by entry points (the job launcher, the local pipeline, the test
 * fixture); library code receives the session.
 *
 * <p>{@code spark_catalog} holds its names in Spark's in-memory session catalog or in a Hive
 * Metastore, as {@link LakehouseSettings#deltaMetastore()} says ({@link DeltaMetastore#sparkConf}).
 *
 * <p>Precedence: Lakeshore's defaults below &lt; {@code lakeshore.spark.*} settings &lt; {@code
 * lakeshore.spark.conf} entries. On a cluster, spark-submit's {@code --conf} values are already in
 * the SparkConf and are only overridden by keys set here.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(String appName, SparkSettings spark, LakehouseSettings lake) {
    if (lake.deltaMetastore().kind() == DeltaMetastore.Kind.HIVE && !hiveSupportPresent()) {
      // what SparkSession.Builder.enableHiveSupport checks, with the setting that asked for it
      throw new IllegalStateException("Cannot build the session: lakeshore.delta.catalog = hive needs Spark's Hive support "
          + "on the classpath (spark-hive_2.13 and the Hive 2.3 jars, which a Spark distribution ships in jars/)");
    }
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
    conf.putAll(lake.deltaMetastore().sparkConf(lake.warehouse()));
    conf.putAll(IcebergCatalogs.sparkConf(lake));
    // Dates are dates everywhere: no legacy calendar rebasing or session-zone surprises.
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.shuffle.partitions", Integer.toString(spark.shufflePartitions()));
    // Parquet's INT64 microsecond timestamps, which other engines read, not Spark's legacy INT96.
    conf.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    conf.putAll(spark.conf());
    return conf;
  }

  private static boolean hiveSupportPresent() {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder", false, loader);
      Class.forName("org.apache.hadoop.hive.conf.HiveConf", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

}
