package io.lakeshore.core.table;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One commit a {@link LakeTable} made: which table, which operation, the table's version before
 * and after it, and the run that made it. What a run ledger records, and what a rollback by run
 * id needs (the version to restore is {@code versionBefore}).
 *
 * @param versionBefore empty for a table that had no version yet (a new Iceberg table)
 */
public record Commit(
    TableId table, TableFormat format, String operation, OptionalLong versionBefore, OptionalLong versionAfter, CommitInfo info) {
  public Commit {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(operation, "operation is null");
    Objects.requireNonNull(versionBefore, "versionBefore is null");
    Objects.requireNonNull(versionAfter, "versionAfter is null");
    Objects.requireNonNull(info, "info is null");
  }
}
