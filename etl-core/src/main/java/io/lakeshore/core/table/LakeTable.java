package io.lakeshore.core.table;

import static org.apache.spark.sql.functions.col;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.MergeIntoWriter;
import org.apache.spark.sql.Row;

/**
 * One Delta or Iceberg table, with the same operations on both. Obtained from a {@link
 * Lakehouse}. Every write is one atomic commit that records its {@link CommitInfo}.
 */
public interface LakeTable {
  /** Alias of the source side in {@link #merge}: refer to its columns with {@link #source}. */
  String SOURCE_ALIAS = "source";

  TableId id();

  TableFormat format();

  /** The Spark identifier of the table, e.g. {@code spark_catalog.golden.orders}. */
  String qualifiedName();

  /** The table's current rows. Filter with partition columns to read only a window. */
  Dataset<Row> read();

  /**
   * Appends rows. Not idempotent: prefer {@link #replace} or {@link #merge} in jobs.
   *
   * @return the commit, as the table recorded it; empty when the write committed nothing
   */
  Optional<Commit> append(Dataset<Row> rows, CommitInfo commit);

  /**
   * Replaces exactly the rows matching {@code predicate} with {@code rows}, atomically, through
   * {@code DataFrameWriterV2.overwrite(condition)} on both formats (Delta turns it into a
   * replaceWhere, Iceberg into an overwrite-by-filter). The predicate must be on partition
   * columns; every row written must satisfy it, or the commit fails and nothing changes. Run
   * twice with the same input, the table's content is the same.
   *
   * @return the commit, as the table recorded it; empty when the write committed nothing (Delta
   *     commits nothing when there is nothing to replace and no row to write)
   */
  Optional<Commit> replace(Dataset<Row> rows, Column predicate, CommitInfo commit);

  /**
   * Merges {@code source} into the table on {@code condition}. Refer to target columns with
   * {@link #target(String)} and source columns with {@link #source(String)}; {@code clauses} adds
   * the when-matched / not-matched actions, for example {@code w -> w.whenMatched().updateAll()
   * .whenNotMatched().insertAll()}. Put the run window's partition predicate in the condition.
   *
   * @return the commit, as the table recorded it; empty when the write committed nothing
   */
  Optional<Commit> merge(
      Dataset<Row> source,
      Column condition,
      UnaryOperator<MergeIntoWriter<Row>> clauses,
      CommitInfo commit);

  /**
   * Deletes the rows whose {@code dateColumn} lies before {@code cutoff}, in one commit; on a
   * partition column whole partitions go, by metadata (retention).
   *
   * @return the commit; empty when the write committed nothing
   */
  Optional<Commit> deleteBefore(String dateColumn, java.time.LocalDate cutoff, CommitInfo commit);

  /** Compaction and clean-up of this table. */
  TableMaintenance maintenance();

  /** A column of this table as the target of {@link #merge}. */
  Column target(String column);

  /** A column of the source of {@link #merge}. */
  static Column source(String column) {
    return col(SOURCE_ALIAS + "." + column);
  }

  /**
   * The table's rows as of {@code version} (time travel), from {@link #version()} or {@link
   * #history()}. Check {@link #readableAt} first: a version whose files clean-up removed fails
   * when its rows are read.
   */
  Dataset<Row> readAt(long version);

  /**
   * True when {@code version} is in the table's current lineage ({@link #history()}) and no clean-up
   * since may have removed files it needs: what {@link #readAt} can read.
   */
  boolean readableAt(long version);

  /** The current version: Delta's version number or Iceberg's snapshot id; empty if none. */
  OptionalLong version();

  /**
   * The versions the table's current content descends from, newest first: Delta's history without
   * the versions a RESTORE undid, Iceberg's ancestors of the current snapshot. Bounded by what the
   * format retains (Delta's log retention, Iceberg's unexpired snapshots).
   */
  java.util.List<TableVersion> history();

  /**
   * Restores the table's content to {@code version} (empty: no rows) in one commit that names
   * {@code commit}'s run where the format records one: a Delta RESTORE; on Iceberg the current
   * snapshot is set back to that ancestor (no new snapshot), or, for empty, every row is deleted
   * in a snapshot of its own. Told to the lakehouse's listener as a {@link Commit.Operation#RESTORE}.
   *
   * @return the restore as a commit: the version before it and the version it made current
   * @throws TableException naming the table when it cannot be restored
   */
  Commit restore(OptionalLong version, CommitInfo commit);
}
