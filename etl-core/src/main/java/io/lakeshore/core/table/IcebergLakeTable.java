package io.lakeshore.core.table;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

final class IcebergLakeTable extends AbstractLakeTable implements TableMaintenance {
  /** Summary key of the snapshot a restore to no rows makes: the lineage of the content starts there. */
  private static final String EMPTIED = "lakeshore.restored-to-empty";

  /**
   * Iceberg rolls to a new file when the file so far plus the row group it buffers reach the
   * table's target size, but counts the buffered group uncompressed: files came out at about
   * half the target. Row groups of an eighth of the target, and a rolling size an eighth above
   * it, make every file but a partition's last at least the target.
   */
  static Map<String, String> sizing(long targetFileBytes) {
    long rowGroup = Math.max(1024, Math.min(128L << 20, targetFileBytes / 8));
    return Map.of("write.target-file-size-bytes", Long.toString(targetFileBytes + rowGroup),
        "write.parquet.row-group-size-bytes", Long.toString(rowGroup));
  }

  IcebergLakeTable(SparkSession spark, TableId id, String qualifiedName, Commits commits, long targetFileBytes) {
    super(spark, id, qualifiedName, commits, targetFileBytes);
  }

  /** Sets the sizing properties of the configured target file size, when configuration changed it. */
  void useConfiguredTargetFileSize() {
    Table table = load();
    Map<String, String> wanted = sizing(targetFileBytes);
    if (!table.properties().entrySet().containsAll(wanted.entrySet())) {
      org.apache.iceberg.UpdateProperties update = table.updateProperties();
      wanted.forEach(update::set);
      update.commit();
      spark.sql("REFRESH TABLE " + qualifiedName());
    }
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
  protected Map<String, String> writeOptions(CommitInfo commit) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    commit.properties().forEach((k, v) -> options.put("snapshot-property." + k, v));
    // An overwrite by filter validates nothing by default: a commit retried on top of another
    // writer's commit to the same rows would silently replace it. Serializable from the snapshot
    // the write starts on makes that a conflict (only files matching the filter count).
    // Rows come one partition per task (laidOut); Iceberg's own hash distribution would let
    // adaptive execution split a partition into many small files, and clustered writers would
    // require each task's rows sorted by partition.
    options.put("distribution-mode", "none");
    options.put("fanout-enabled", "true");
    Snapshot current = load().currentSnapshot();
    options.put("isolation-level", "serializable");
    if (current != null) {
      options.put("validate-from-snapshot-id", Long.toString(current.snapshotId()));
    }
    return options;
  }

  @Override
  protected Optional<Versions> lastCommitOf(CommitInfo commit) {
    Table table = load();
    Snapshot newest = null;
    for (Snapshot s : table.snapshots()) {
      if (commit.runId().equals(s.summary().get(CommitInfo.RUN_ID))
          && (newest == null || s.sequenceNumber() > newest.sequenceNumber())) {
        newest = s;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    Long parent = newest.parentId();
    return Optional.of(new Versions(parent == null ? OptionalLong.empty() : OptionalLong.of(parent), newest.snapshotId(),
        newest.summary(), IcebergLakeTable::metricName));
  }

  /** Iceberg's snapshot summary: file-level record counts, and Spark's merge metrics for MERGE. */
  private static String metricName(Commit.Operation operation, RowMetric metric) {
    if (operation == Commit.Operation.MERGE) {
      return switch (metric) {
        case INSERTED -> "spark.merge-into.num-target-rows-inserted";
        case UPDATED -> "spark.merge-into.num-target-rows-updated";
        case DELETED -> "spark.merge-into.num-target-rows-deleted";
      };
    }
    return switch (metric) {
      case INSERTED -> "added-records";
      case UPDATED -> null;
      case DELETED -> "deleted-records";
    };
  }

  private Table load() {
    try {
      Table table = Spark3Util.loadIcebergTable(spark, qualifiedName());
      table.refresh();
      return table;
    } catch (Exception e) {
      throw new TableException("Cannot read history of " + id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public OptionalLong version() {
    Snapshot current = load().currentSnapshot();
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.snapshotId());
  }

  /** The {@code lakeshore.} properties of a snapshot's summary. */
  private static Map<String, String> ours(Map<String, String> summary) {
    Map<String, String> found = new java.util.LinkedHashMap<>();
    summary.forEach((k, v) -> {
      if (k.startsWith("lakeshore.")) {
        found.put(k, v);
      }
    });
    return found;
  }

  @Override
  public java.util.List<TableVersion> history() {
    Table table = load();
    java.util.List<TableVersion> lineage = new java.util.ArrayList<>();
    if (table.currentSnapshot() == null) {
      return lineage;
    }
    for (Snapshot s : org.apache.iceberg.util.SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
      lineage.add(new TableVersion(s.snapshotId(), s.parentId() == null ? OptionalLong.empty() : OptionalLong.of(s.parentId()),
          Optional.ofNullable(s.summary().get(CommitInfo.RUN_ID)), s.operation(), java.time.Instant.ofEpochMilli(s.timestampMillis()),
          ours(s.summary())));
      if (s.summary().containsKey(EMPTIED)) {
        break; // a restore to no rows: what came before it is undone
      }
    }
    return lineage;
  }

  @Override
  public Commit restore(OptionalLong version, CommitInfo commit) {
    Table table = load();
    OptionalLong before = table.currentSnapshot() == null ? OptionalLong.empty() : OptionalLong.of(table.currentSnapshot().snapshotId());
    try {
      if (version.isPresent()) {
        table.manageSnapshots().rollbackTo(version.getAsLong()).commit();
      } else {
        org.apache.iceberg.DeleteFiles delete = table.newDelete().deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue());
        commit.properties().forEach(delete::set);
        delete.set(EMPTIED, "true");
        delete.commit();
      }
    } catch (RuntimeException e) {
      throw new TableException("Cannot restore " + id() + " to " + (version.isPresent() ? "snapshot " + version.getAsLong()
          : "no rows") + ": " + DefaultLakehouse.firstLine(e), e);
    }
    spark.sql("REFRESH TABLE " + qualifiedName());
    return restored(before, table.currentSnapshot().snapshotId(), commit);
  }

  @Override
  public Optional<Commit> deleteBefore(String dateColumn, java.time.LocalDate cutoff, CommitInfo commit) {
    String name = column(dateColumn);
    return commit(Commit.Operation.DELETE, commit, () -> {
      org.apache.iceberg.DeleteFiles delete = load().newDelete()
          .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.lessThan(name, cutoff.toString()));
      commit.properties().forEach(delete::set);
      delete.commit();
      spark.sql("REFRESH TABLE " + qualifiedName());
    }, "delete from");
  }

  @Override
  public TableMaintenance maintenance() {
    return this;
  }

  @Override
  public java.util.List<String> partitionColumns() {
    Table table = load();
    return table.spec().fields().stream().filter(f -> f.transform().isIdentity())
        .map(f -> table.schema().findColumnName(f.sourceId())).toList();
  }

  @Override
  public long dataFileCount() {
    Snapshot current = load().currentSnapshot();
    return current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-data-files", "0"));
  }

  @Override
  public java.util.List<String> dataFiles() {
    return spark.table(qualifiedName() + ".files").select("file_path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Override
  public Optional<Commit> compact(long targetFileBytes, CommitInfo commit) {
    return commit(Commit.Operation.COMPACT, commit, () -> {
      org.apache.iceberg.actions.RewriteDataFiles rewrite = org.apache.iceberg.spark.actions.SparkActions.get(spark)
          .rewriteDataFiles(load())
          .option("target-file-size-bytes", Long.toString(targetFileBytes))
          .option("min-input-files", "2");
      commit.properties().forEach(rewrite::snapshotProperty);
      rewrite.execute();
      spark.sql("REFRESH TABLE " + qualifiedName());
    }, "compact");
  }

  @Override
  public java.util.List<String> cleanUp(java.time.Duration keepVersionsFor, java.time.Duration orphanAge, boolean dryRun,
      CommitInfo commit) {
    Table table = load();
    long now = System.currentTimeMillis();
    long expireBefore = now - keepVersionsFor.toMillis();
    java.util.List<String> removed = new java.util.ArrayList<>();
    long current = table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId();
    for (Snapshot s : table.snapshots()) {
      if (s.snapshotId() != current && s.timestampMillis() < expireBefore) {
        removed.add("snapshot " + s.snapshotId());
      }
    }
    try {
      if (!dryRun && !removed.isEmpty()) {
        org.apache.iceberg.spark.actions.SparkActions.get(spark).expireSnapshots(table).expireOlderThan(expireBefore).retainLast(1)
            .deleteWith(file -> {
              removed.add(file);
              table.io().deleteFile(file);
            }).execute();
      }
      org.apache.iceberg.spark.actions.SparkActions.get(spark).deleteOrphanFiles(load()).olderThan(now - orphanAge.toMillis())
          .deleteWith(file -> {
            removed.add(file);
            if (!dryRun) {
              table.io().deleteFile(file);
            }
          }).execute();
    } catch (RuntimeException e) {
      throw new TableException("Cannot clean up " + id() + ": " + DefaultLakehouse.firstLine(e), e);
    }
    spark.sql("REFRESH TABLE " + qualifiedName());
    return removed;
  }
}
