package io.lakeshore.core.ops;

import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.table.Commit;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableMaintenance;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The upkeep of a lake, table by table: retention (delete partitions older than the table's
 * retention), then compaction, then clean-up of files no version still needs; and retention of
 * the raw landing folders. Each step either acts or, in a dry run, prints what it would do.
 */
public final class Maintenance {
  /** The steps, in the order they run on a table. */
  public enum Task {
    RETENTION,
    COMPACT,
    CLEAN,
    RAW
  }

  private final PrintStream out;
  private final boolean dryRun;

  public Maintenance(PrintStream out, boolean dryRun) {
    this.out = out;
    this.dryRun = dryRun;
  }

  /** Retention of one table relative to {@code date}; returns the commit when rows were deleted. */
  public Optional<Commit> retention(LakeTable table, MaintenanceSettings settings, LocalDate date, CommitInfo commit) {
    if (settings.retentionDays() == 0) {
      return Optional.empty();
    }
    String column = retentionColumn(table, settings);
    LocalDate cutoff = date.minusDays(settings.retentionDays());
    // one row per expired partition: as many as days have passed since the last maintenance
    List<Row> expired = table.read().filter(col(column).lt(lit(java.sql.Date.valueOf(cutoff))))
        .groupBy(col(column)).count().orderBy(col(column)).collectAsList();
    if (expired.isEmpty()) {
      out.println("  " + table.id() + ": retention: nothing before " + column + " " + cutoff);
      return Optional.empty();
    }
    List<String> listed = expired.stream().map(r -> r.get(0) + " (" + r.getLong(1) + " rows)").toList();
    out.println("  " + table.id() + ": retention: " + (dryRun ? "would delete " : "deleting ") + column + " < " + cutoff + ": "
        + String.join(", ", listed));
    return dryRun ? Optional.empty() : table.deleteBefore(column, cutoff, commit);
  }

  /** Compaction of one table; returns the commit when files were rewritten. */
  public Optional<Commit> compact(LakeTable table, MaintenanceSettings settings, CommitInfo commit) {
    TableMaintenance m = table.maintenance();
    if (dryRun) {
      out.println("  " + table.id() + ": compact: " + m.dataFileCount() + " data files, target " + settings.targetFileBytes()
          + " bytes per file (dry run: nothing rewritten)");
      return Optional.empty();
    }
    long before = m.dataFileCount();
    Optional<Commit> made = m.compact(settings.targetFileBytes(), commit);
    out.println("  " + table.id() + ": compact: " + before + " -> " + m.dataFileCount() + " data files");
    return made;
  }

  /** Clean-up of one table: the files no version kept for {@code keep-versions-for} needs. */
  public List<String> clean(LakeTable table, MaintenanceSettings settings, CommitInfo commit) {
    List<String> removed = table.maintenance().cleanUp(settings.keepVersionsFor(), settings.orphanAge(), dryRun, commit);
    out.println("  " + table.id() + ": clean: " + (dryRun ? "would remove " : "removed ") + removed.size()
        + " file(s) or snapshot(s)" + (removed.isEmpty() ? "" : ": " + String.join(", ", removed.stream().limit(20).toList())
        + (removed.size() > 20 ? ", …" : "")));
    return removed;
  }

  /** Retention of the raw landing folders: the date folders more than {@code days} before {@code date}. */
  public List<String> raw(SparkSession spark, RawZone raw, int days, LocalDate date) {
    if (days == 0) {
      return List.of();
    }
    LocalDate cutoff = date.minusDays(days);
    List<String> expired;
    try {
      expired = raw.foldersBefore(spark.sparkContext().hadoopConfiguration(), cutoff);
      out.println("  raw: " + (dryRun ? "would delete " : "deleting ") + expired.size() + " date folder(s) before " + cutoff
          + (expired.isEmpty() ? "" : ": " + String.join(", ", expired)));
      if (!dryRun) {
        raw.delete(spark.sparkContext().hadoopConfiguration(), expired);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot apply raw retention under " + raw.root() + ": " + e.getMessage(), e);
    }
    return expired;
  }

  /** The column retention compares: the configured one, or the first date partition column. */
  static String retentionColumn(LakeTable table, MaintenanceSettings settings) {
    if (!settings.retentionColumn().isEmpty()) {
      return settings.retentionColumn();
    }
    org.apache.spark.sql.types.StructType schema = table.read().schema();
    List<String> dates = new ArrayList<>();
    for (String c : table.maintenance().partitionColumns()) {
      if (schema.apply(c).dataType() instanceof org.apache.spark.sql.types.DateType) {
        dates.add(c);
      }
    }
    if (dates.isEmpty()) {
      throw new IllegalStateException("Cannot apply retention to " + table.id() + ": it has no date partition column;"
          + " set its maintenance.retention-column");
    }
    return dates.get(0);
  }
}
