package io.lakeshore.core.table;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Upkeep of one table, the same on both formats: compaction and removal of the files no version
 * still needs. Obtained from {@link LakeTable#maintenance()}; driven by the {@code maintain}
 * command. Every change it commits names its run, like any write.
 */
public interface TableMaintenance {
  /** The table's partition columns, in order (identity partitions on Iceberg). */
  List<String> partitionColumns();

  /** The data files of the current version: for inspection and tests; as many as the table has. */
  List<String> dataFiles();

  /** How many data files the current version has, from the table's metadata (nothing is listed). */
  long dataFileCount();

  /**
   * Rewrites the small files of each partition into files of about {@code targetFileBytes}, in one
   * commit; the rows do not change (Delta OPTIMIZE, Iceberg rewrite_data_files).
   *
   * @return the commit; empty when there was nothing to compact
   */
  Optional<Commit> compact(long targetFileBytes, CommitInfo commit);

  /**
   * Removes the files that only versions replaced more than {@code keepVersionsFor} ago need, and
   * files no version references that are older than {@code orphanAge} (Delta: VACUUM retaining the
   * longer of the two; Iceberg: expire_snapshots, keeping the current one, then
   * remove_orphan_files). The current version is never touched. Versions whose files are gone can
   * no longer be read or rolled back to.
   *
   * @param dryRun list what would be removed, remove nothing
   * @param commit names the run in the commits a clean-up makes (Delta records VACUUM's start and end)
   * @return what was (or would be) removed: files, or Iceberg snapshots as {@code snapshot <id>}
   */
  List<String> cleanUp(Duration keepVersionsFor, Duration orphanAge, boolean dryRun, CommitInfo commit);
}
