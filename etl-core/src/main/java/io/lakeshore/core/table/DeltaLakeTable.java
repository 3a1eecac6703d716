package io.lakeshore.core.table;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

final class DeltaLakeTable extends AbstractLakeTable {
  /** Delta writes this session setting into every commit's userMetadata, merges included. */
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  DeltaLakeTable(SparkSession spark, TableId id, String qualifiedName, CommitListener listener) {
    super(spark, id, qualifiedName, listener);
  }

  @Override
  public TableFormat format() {
    return TableFormat.DELTA;
  }

  @Override
  protected void committing(CommitInfo commit, Write write, String verb) {
    // Merges take no writer options, so the session setting is the one way that covers all
    // writes; it is restored at once because the session is shared.
    String previous = spark.conf().get(USER_METADATA, null);
    spark.conf().set(USER_METADATA, commit.json());
    try {
      write.run();
    } catch (Exception e) {
      throw failure(verb, e);
    } finally {
      if (previous == null) {
        spark.conf().unset(USER_METADATA);
      } else {
        spark.conf().set(USER_METADATA, previous);
      }
    }
  }

  @Override
  public OptionalLong version() {
    List<Row> last = DeltaTable.forName(spark, qualifiedName()).history(1).select("version").collectAsList();
    return last.isEmpty() ? OptionalLong.empty() : OptionalLong.of(last.get(0).getLong(0));
  }
}
