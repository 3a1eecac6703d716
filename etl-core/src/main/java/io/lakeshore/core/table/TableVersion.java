package io.lakeshore.core.table;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One version in a table's lineage, as the table's own history records it: what {@code
 * rollback} reads to find a run's commits and the version to restore.
 *
 * @param version Delta's version number or Iceberg's snapshot id
 * @param parent the version it was made on; empty for an Iceberg table's first snapshot
 * @param runId the run that made it (Delta userMetadata, Iceberg snapshot summary); empty for a
 *     commit made outside a run (table creation, a schema change, a command run by hand)
 * @param operation the format's name for it (WRITE, MERGE, RESTORE; append, overwrite, …)
 * @param committedAt when it was committed
 * @param properties the commit's {@code lakeshore.} properties ({@link CommitInfo}); empty for a
 *     commit made outside the library
 */
public record TableVersion(
    long version, OptionalLong parent, Optional<String> runId, String operation, Instant committedAt, java.util.Map<String, String> properties) {
  public TableVersion {
    properties = java.util.Map.copyOf(properties);
  }

  public TableVersion(long version, OptionalLong parent, Optional<String> runId, String operation, Instant committedAt) {
    this(version, parent, runId, operation, committedAt, java.util.Map.of());
  }

  /**
   * Operations that leave the rows as they were: compaction, clean-up, and schema or property
   * changes (a column added by schema evolution is added again by the next write). Delta's and
   * Iceberg's names.
   */
  private static final java.util.Set<String> SAME_ROWS =
      java.util.Set.of("OPTIMIZE", "VACUUM START", "VACUUM END", "ADD COLUMNS", "SET TBLPROPERTIES", "replace");

  /** False for a compaction, a clean-up or a schema change, which leave the rows as they were. */
  public boolean changesRows() {
    return !SAME_ROWS.contains(operation);
  }

  /** True when {@code runId} made this version. */
  public boolean madeBy(String run) {
    return runId.filter(run::equals).isPresent();
  }
}
