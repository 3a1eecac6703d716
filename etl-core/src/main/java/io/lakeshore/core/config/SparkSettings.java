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

  /** Every field; a setting whose key looks secret, or whose value carries credentials, as {@code ***}. */
  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>();
    conf.forEach((k, v) -> shown.put(k, Secrets.shown(k, v)));
    return "SparkSettings[master=" + master + ", shufflePartitions=" + shufflePartitions + ", conf=" + shown + "]";
  }
}
