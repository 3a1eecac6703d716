package io.lakeshore.core.table;

import java.util.OptionalLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

final class IcebergLakeTable extends AbstractLakeTable {
  IcebergLakeTable(SparkSession spark, TableId id, String qualifiedName, CommitListener listener) {
    super(spark, id, qualifiedName, listener);
  }

  @Override
  public TableFormat format() {
    return TableFormat.ICEBERG;
  }

  @Override
  protected void committing(CommitInfo commit, Write write, String verb) {
    try {
      // Snapshot summary properties for every commit made by this thread, merges included.
      CommitMetadata.withCommitProperties(
          commit.properties(),
          () -> {
            write.run();
            return null;
          },
          Exception.class);
    } catch (Exception e) {
      throw failure(verb, e);
    }
  }

  @Override
  public OptionalLong version() {
    try {
      Table table = Spark3Util.loadIcebergTable(spark, qualifiedName());
      table.refresh();
      Snapshot current = table.currentSnapshot();
      return current == null ? OptionalLong.empty() : OptionalLong.of(current.snapshotId());
    } catch (Exception e) {
      throw new TableException("Cannot read version of " + id() + ": " + e.getMessage(), e);
    }
  }
}
