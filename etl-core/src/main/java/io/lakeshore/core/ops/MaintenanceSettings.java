package io.lakeshore.core.ops;

import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.JobSettings;
import java.time.Duration;

/**
 * What {@code maintain} does to one table: a table's {@code maintenance} section (etl-core's
 * reference.conf documents each key).
 *
 * @param targetFileBytes the file size compaction aims at
 * @param keepVersionsFor how long a replaced version stays readable
 * @param orphanAge how old an unreferenced file must be to be removed
 * @param retentionDays rows more than this many days old are deleted; 0 keeps everything
 * @param retentionColumn the date column retention compares; empty: the first date partition column
 */
public record MaintenanceSettings(
    long targetFileBytes, Duration keepVersionsFor, Duration orphanAge, int retentionDays, String retentionColumn) {

  /** Reads and checks the {@code maintenance} section of a table's settings. */
  public static MaintenanceSettings of(JobSettings table) {
    JobSettings m = table.section("maintenance");
    long target = m.bytes("target-file-size");
    if (target < 1024) {
      throw new ConfigException("Cannot configure " + m.key("target-file-size") + ": must be at least 1KiB, cannot be: " + target);
    }
    Duration keep = m.duration("keep-versions-for");
    Duration orphans = m.duration("orphan-age");
    if (keep.isNegative()) {
      throw new ConfigException("Cannot configure " + m.key("keep-versions-for") + ": must not be negative, cannot be: " + keep);
    }
    if (orphans.compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException("Cannot configure " + m.key("orphan-age") + ": must be at least 1h (longer than the longest job,"
          + " whose files are unreferenced until it commits), cannot be: " + orphans);
    }
    String column = m.string("retention-column");
    if (!column.isEmpty() && !column.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw new ConfigException("Cannot configure " + m.key("retention-column") + ": must be a column name, cannot be: '" + column + "'");
    }
    return new MaintenanceSettings(target, keep, orphans, m.intValue("retention-days", 0, 100_000), column);
  }
}
