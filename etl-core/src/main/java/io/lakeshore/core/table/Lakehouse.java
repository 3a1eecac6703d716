package io.lakeshore.core.table;

import org.apache.spark.sql.SparkSession;

/**
 * The tables of the lake, addressed by {@link TableId}, in the format configuration chooses for
 * each. Delta tables live at {@code <warehouse>/delta/<zone>/<name>} and are registered in the
 * session catalog ({@code spark_catalog.<zone>.<name>}); Iceberg tables live in the configured
 * Iceberg catalog ({@code <catalog>.<zone>.<name>}, data under {@code <warehouse>/iceberg}).
 */
public interface Lakehouse {
  /** The lakehouse of a session built by {@code Sessions.create} from the same settings. */
  static Lakehouse open(SparkSession spark, LakehouseSettings settings) {
    return new DefaultLakehouse(spark, settings, CommitListener.NONE);
  }

  /** As {@link #open(SparkSession, LakehouseSettings)}, telling {@code listener} of every commit. */
  static Lakehouse open(SparkSession spark, LakehouseSettings settings, CommitListener listener) {
    return new DefaultLakehouse(spark, settings, listener);
  }

  LakehouseSettings settings();

  /**
   * Creates the table if it does not exist and returns it. If it exists, its columns and types
   * must equal the declared ones, or this fails naming the difference.
   */
  LakeTable create(TableSpec spec);

  /** An existing table; fails if it does not exist. */
  LakeTable table(TableId id);

  boolean exists(TableId id);

  /**
   * Fails when the table holds data in the format it is not configured with (its format was
   * switched in configuration): writing on would start a new, empty table beside the old one. Call
   * before anything is written.
   *
   * @throws TableException naming the table, both formats and what to do
   */
  void requireConfiguredFormat(TableId id);

  /** The format configured for a table. */
  default TableFormat formatOf(TableId id) {
    return settings().formatOf(id);
  }
}
