package io.lakeshore.core.table;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One commit a {@link LakeTable} made, as the table itself recorded it: which table and
 * operation, the version the commit was made on and the version it made, the run that made it,
 * and how many rows it inserted, updated and deleted. What a run ledger records, and what a
 * rollback by run id needs (the version to restore is {@code versionBefore}).
 *
 * <p>Row metrics mean the same on both formats. A replace inserts the rows it writes and deletes
 * the rows it replaced; a merge counts the target rows its clauses inserted, updated and deleted
 * (rows a copy-on-write rewrite merely copies are not counted); an append inserts.
 *
 * @param versionBefore the version the commit was made on; empty for a table's first snapshot
 *     (a new Iceberg table)
 * @param versionAfter the Delta version or Iceberg snapshot id the commit made
 */
public record Commit(
    TableId table,
    TableFormat format,
    Operation operation,
    OptionalLong versionBefore,
    long versionAfter,
    CommitInfo info,
    long rowsInserted,
    long rowsUpdated,
    long rowsDeleted) {

  /** What a commit did. */
  public enum Operation {
    APPEND,
    REPLACE,
    MERGE,
    /** The table's content set back to an earlier version (a rollback). */
    RESTORE,
    /** Rows deleted by a predicate (retention). */
    DELETE,
    /** Files rewritten into fewer, larger ones; the rows do not change. */
    COMPACT;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Commit {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(operation, "operation is null");
    Objects.requireNonNull(versionBefore, "versionBefore is null");
    Objects.requireNonNull(info, "info is null");
  }

  /** Rows the commit wrote: inserted plus updated. */
  public long rowsWritten() {
    return rowsInserted + rowsUpdated;
  }
}
