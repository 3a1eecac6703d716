package io.lakeshore.core.config;

import java.util.Map;

/**
 * How the entry point builds its SparkSession.
 *
 * @param master empty when spark-submit provides it; {@code local[N]} on the embedded default
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}
 * @param conf further Spark settings, applied last
 */
public record SparkSettings(String master, int shufflePartitions, Map<String, String> conf) {
  public SparkSettings {
    if (shufflePartitions < 1) {
      throw new ConfigException(
          "Cannot configure Spark: lakeshore.spark.shuffle-partitions must be at least 1, cannot be: "
              + shufflePartitions);
    }
    conf = Map.copyOf(conf);
  }
}
