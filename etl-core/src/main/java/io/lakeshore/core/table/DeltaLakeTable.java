package io.lakeshore.core.table;

import io.delta.tables.DeltaTable;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

final class DeltaLakeTable extends AbstractLakeTable implements TableMaintenance {
  /** Delta writes this session setting into every commit's userMetadata, merges included. */
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  /** How many recent commits are searched for a run's commit before the whole history. */
  private static final int RECENT = 20;

  /**
   * Delta cannot roll a file at a byte size, only at a row count: files get the rows that make
   * this much more than the target by the table's recent bytes per row, so that an estimate a
   * little high still keeps files per partition within ceil(bytes / target) + 1.
   */
  private static final double ROWS_HEADROOM = 1.25;

  DeltaLakeTable(SparkSession spark, TableId id, String qualifiedName, Commits commits, long targetFileBytes) {
    super(spark, id, qualifiedName, commits, targetFileBytes);
  }

  /**
   * The rows per file that make files of about the target size, from the bytes and rows of the
   * table's recent writes; empty before the first (a partition is then one file).
   */
  private OptionalLong rowsPerFile() {
    long bytes = 0;
    long rows = 0;
    for (Row commit : DeltaTable.forName(spark, qualifiedName()).history(RECENT).select("operation", "operationMetrics").collectAsList()) {
      Map<String, String> metrics = commit.isNullAt(1) ? Map.of() : commit.getJavaMap(1);
      if ("WRITE".equals(commit.getString(0)) && metrics.containsKey("numOutputRows") && metrics.containsKey("numOutputBytes")) {
        rows += Long.parseLong(metrics.get("numOutputRows"));
        bytes += Long.parseLong(metrics.get("numOutputBytes"));
      }
    }
    if (rows == 0 || bytes == 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(1, (long) (ROWS_HEADROOM * targetFileBytes * rows / bytes)));
  }

  @Override
  public TableFormat format() {
    return TableFormat.DELTA;
  }

  @Override
  protected void committing(CommitInfo commit, Write write, String verb) {
    // Merges take no writer options, so the session setting is the one way that covers them
    // (appends and replaces also carry the writer option, which is per write); it is restored
    // at once because the session is shared.
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
  protected Map<String, String> writeOptions(CommitInfo commit) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("userMetadata", commit.json());
    rowsPerFile().ifPresent(rows -> options.put("maxRecordsPerFile", Long.toString(rows)));
    return options;
  }

  @Override
  protected Optional<Versions> lastCommitOf(CommitInfo commit) {
    DeltaTable table = DeltaTable.forName(spark, qualifiedName());
    // the commit was just made: look in the recent history first, then in all of it
    Optional<Versions> found = newestOf(table.history(RECENT), commit);
    return found.isPresent() ? found : newestOf(table.history(), commit);
  }

  private static Optional<Versions> newestOf(Dataset<Row> history, CommitInfo commit) {
    List<Row> rows = history.filter(col("userMetadata").contains(commit.runIdJson()))
        .orderBy(col("version").desc()).select("version", "operationMetrics").limit(1).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    long version = rows.get(0).getLong(0);
    Map<String, String> metrics = rows.get(0).isNullAt(1) ? Map.of() : rows.get(0).getJavaMap(1);
    // Delta versions are consecutive: the table a commit was made on is the version before it
    return Optional.of(new Versions(version == 0 ? OptionalLong.empty() : OptionalLong.of(version - 1), version, metrics,
        DeltaLakeTable::metricName));
  }

  /** Delta's operationMetrics: WRITE (append, replaceWhere) and MERGE. */
  private static String metricName(Commit.Operation operation, RowMetric metric) {
    if (operation == Commit.Operation.MERGE) {
      return switch (metric) {
        case INSERTED -> "numTargetRowsInserted";
        case UPDATED -> "numTargetRowsUpdated";
        case DELETED -> "numTargetRowsDeleted";
      };
    }
    return switch (metric) {
      case INSERTED -> "numOutputRows";
      case UPDATED -> null;
      case DELETED -> "numDeletedRows";
    };
  }

  @Override
  public OptionalLong version() {
    List<Row> last = DeltaTable.forName(spark, qualifiedName()).history(1).select("version").collectAsList();
    return last.isEmpty() ? OptionalLong.empty() : OptionalLong.of(last.get(0).getLong(0));
  }

  /**
   * In the lineage, and no VACUUM since may have removed a file the version needs: its files
   * start being replaced by the next commit, and a VACUUM removes what was replaced more than its
   * retention before it ran (read from the VACUUM START commit; unknown counts as removed).
   */
  @Override
  public boolean readableAt(long version) {
    if (!super.readableAt(version)) {
      return false;
    }
    List<Row> later = DeltaTable.forName(spark, qualifiedName()).history()
        .filter(col("version").gt(version)).select("version", "timestamp", "operation", "operationParameters")
        .orderBy(col("version")).collectAsList();
    if (later.isEmpty()) {
      return true;
    }
    java.time.Instant replacedFrom = later.get(0).getTimestamp(1).toInstant();
    for (Row r : later) {
      if (!"VACUUM START".equals(r.getString(2))) {
        continue;
      }
      Map<String, String> parameters = r.isNullAt(3) ? Map.of() : r.getJavaMap(3);
      String retention = parameters.getOrDefault("specifiedRetentionMillis", "null");
      if (!retention.matches("[0-9]+")) {
        retention = parameters.getOrDefault("defaultRetentionMillis", "null");
      }
      if (!retention.matches("[0-9]+")
          || replacedFrom.isBefore(r.getTimestamp(1).toInstant().minusMillis(Long.parseLong(retention)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<TableVersion> history() {
    List<Row> rows = DeltaTable.forName(spark, qualifiedName()).history()
        .select("version", "timestamp", "operation", "operationParameters", "userMetadata")
        .orderBy(col("version").desc()).collectAsList();
    List<TableVersion> lineage = new java.util.ArrayList<>();
    long undoneAbove = Long.MAX_VALUE; // versions in (restoredTo, restoreVersion) were undone by a RESTORE
    long restoredTo = Long.MAX_VALUE;
    for (Row r : rows) {
      long version = r.getLong(0);
      if (version > restoredTo && version < undoneAbove) {
        continue;
      }
      String operation = r.getString(2);
      Map<String, String> properties = CommitInfo.propertiesOf(r.isNullAt(4) ? null : r.getString(4));
      lineage.add(new TableVersion(version, version == 0 ? OptionalLong.empty() : OptionalLong.of(version - 1),
          Optional.ofNullable(properties.get(CommitInfo.RUN_ID)), operation, r.getTimestamp(1).toInstant(), properties));
      Map<String, String> parameters = r.isNullAt(3) ? Map.of() : r.getJavaMap(3);
      String to = parameters.get("version");
      if ("RESTORE".equals(operation) && to != null && !to.isBlank() && !to.equals("null")) {
        undoneAbove = version;
        restoredTo = Long.parseLong(to.replace("\"", ""));
      }
    }
    return lineage;
  }

  @Override
  public Commit restore(OptionalLong version, CommitInfo commit) {
    if (version.isEmpty()) { // a Delta table's first version is its creation, which a run never makes
      throw new TableException("Cannot restore " + id() + ": a Delta table has no version before its creation");
    }
    OptionalLong before = version();
    committing(commit, () -> DeltaTable.forName(spark, qualifiedName()).restoreToVersion(version.getAsLong()), "restore");
    return restored(before, version().getAsLong(), commit);
  }

  @Override
  public Optional<Commit> deleteBefore(String dateColumn, java.time.LocalDate cutoff, CommitInfo commit) {
    org.apache.spark.sql.Column before = col(column(dateColumn)).lt(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(cutoff)));
    return commit(Commit.Operation.DELETE, commit, () -> DeltaTable.forName(spark, qualifiedName()).delete(before), "delete from");
  }

  @Override
  public TableMaintenance maintenance() {
    return this;
  }

  @Override
  public List<String> partitionColumns() {
    // from the table's metadata (its log's metadata action), not DESCRIBE DETAIL, which also
    // lists every file to count them: about half a second per write on a small table
    org.apache.spark.sql.connector.catalog.Table table;
    try {
      table = ((org.apache.spark.sql.connector.catalog.TableCatalog) spark.sessionState().catalogManager()
          .catalog(DefaultLakehouse.DELTA_CATALOG))
          .loadTable(org.apache.spark.sql.connector.catalog.Identifier.of(new String[] {id().zone()}, id().name()));
    } catch (Exception e) { // NoSuchTableException: dropped by another process since it was opened
      throw new TableException("Cannot read the partitioning of table " + id() + ": " + DefaultLakehouse.firstLine(e), e);
    }
    return java.util.Arrays.stream(table.partitioning())
        .map(transform -> String.join(".", transform.references()[0].fieldNames()))
        .toList();
  }

  @Override
  public long dataFileCount() {
    Row detail = DeltaTable.forName(spark, qualifiedName()).detail().head();
    return detail.getLong(detail.fieldIndex("numFiles"));
  }

  @Override
  public List<String> dataFiles() {
    return List.of(read().inputFiles());
  }

  @Override
  public Optional<Commit> compact(long targetFileBytes, CommitInfo commit) {
    // files smaller than the target are binned into files of up to the target
    return withSessionConf(Map.of("spark.databricks.delta.optimize.maxFileSize", Long.toString(targetFileBytes),
            "spark.databricks.delta.optimize.minFileSize", Long.toString(targetFileBytes)),
        () -> commit(Commit.Operation.COMPACT, commit, () -> DeltaTable.forName(spark, qualifiedName()).optimize().executeCompaction(),
            "compact"));
  }

  @Override
  public List<String> cleanUp(java.time.Duration keepVersionsFor, java.time.Duration orphanAge, boolean dryRun, CommitInfo commit) {
    // VACUUM removes both kinds of file by one age: the longer of the two keeps both promises
    java.time.Duration keep = keepVersionsFor.compareTo(orphanAge) > 0 ? keepVersionsFor : orphanAge;
    long hours = (keep.toMinutes() + 59) / 60;
    Map<String, String> settings = Map.of(
        // Delta refuses less than 7 days unless told, and by default ignores RETAIN unless it is 0
        "spark.databricks.delta.retentionDurationCheck.enabled", "false",
        "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled", "false",
        // the listing otherwise runs 10,000 tasks
        "spark.sql.sources.parallelPartitionDiscovery.parallelism", spark.conf().get("spark.sql.shuffle.partitions"),
        // VACUUM records its start and end as commits: they name the run
        USER_METADATA, commit.json());
    return withSessionConf(settings, () -> {
      List<String> files = spark.sql("VACUUM " + qualifiedName() + " RETAIN " + hours + " HOURS DRY RUN")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      if (!dryRun && !files.isEmpty()) {
        spark.sql("VACUUM " + qualifiedName() + " RETAIN " + hours + " HOURS").collectAsList();
      }
      return files;
    });
  }

  /** Runs {@code work} with session settings that are put back afterwards: the session is shared. */
  private <T> T withSessionConf(Map<String, String> settings, java.util.function.Supplier<T> work) {
    Map<String, String> previous = new java.util.HashMap<>();
    settings.forEach((k, v) -> {
      previous.put(k, spark.conf().get(k, null));
      spark.conf().set(k, v);
    });
    try {
      return work.get();
    } finally {
      previous.forEach((k, v) -> {
        if (v == null) {
          spark.conf().unset(k);
        } else {
          spark.conf().set(k, v);
        }
      });
    }
  }
}
