package io.lakeshore.core.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.config.JobSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * The gates of one table, checked for the run window before anything is committed. A failing
 * gate commits nothing, output and quarantine alike, and the run fails with a message naming the
 * table, the gate, the threshold and the measured value. Every figure comes from the one
 * aggregation that counts the rules ({@link #metrics}), so gates cost no extra pass.
 *
 * <ul>
 *   <li>{@code allow-empty}: unless true, a partition of the window with no valid row fails (an
 *       empty or broken file would otherwise replace a committed day with nothing).
 *   <li>{@code max-quarantine-ratio}: the largest share of a partition's rows that may be
 *       quarantined.
 *   <li>{@code min-rows}: the fewest valid rows a partition may have (0: no minimum).
 *   <li>{@code max-row-change}: the largest relative change of a partition's valid rows against
 *       the mean of the table's last {@code row-change-runs} successful runs, from the run ledger
 *       (0: off).
 *   <li>{@code max-null-ratio}: per column, the largest share of valid rows where it is NULL.
 *   <li>{@code freshness-column} and {@code max-staleness}: the newest value of the column among
 *       the valid rows may be at most this much older than the end of the window (off when the
 *       column is empty).
 * </ul>
 *
 * @param settingsKey the table's settings section, named in messages
 */
public record Gates(
    boolean allowEmpty,
    double maxQuarantineRatio,
    long minRows,
    double maxRowChange,
    int rowChangeRuns,
    Map<String, Double> maxNullRatio,
    String freshnessColumn,
    Duration maxStaleness,
    String settingsKey) {
  private static final String NULLS = "nulls_";
  private static final String NEWEST = "newest";

  public Gates {
    if (!(maxQuarantineRatio >= 0 && maxQuarantineRatio <= 1)) {
      throw new IllegalArgumentException("Cannot declare gates: max-quarantine-ratio must be in [0, 1], cannot be: " + maxQuarantineRatio);
    }
    if (minRows < 0 || maxRowChange < 0 || rowChangeRuns < 1) {
      throw new IllegalArgumentException(
          "Cannot declare gates: min-rows and max-row-change must be >= 0 and row-change-runs >= 1");
    }
    maxNullRatio = Map.copyOf(maxNullRatio);
    Objects.requireNonNull(freshnessColumn, "freshnessColumn is null");
    Objects.requireNonNull(maxStaleness, "maxStaleness is null");
    Objects.requireNonNull(settingsKey, "settingsKey is null");
  }

  /** The safe defaults: no empty partition, at most half of a partition quarantined. */
  public static Gates defaults(String settingsKey) {
    return new Gates(false, 0.5, 0, 0, 7, Map.of(), "", Duration.ZERO, settingsKey);
  }

  /** The gates a table's settings section declares (see etl-core's reference.conf). */
  public static Gates of(JobSettings table) {
    Map<String, Double> nulls = new LinkedHashMap<>();
    JobSettings ratios = table.section("max-null-ratio");
    for (String column : ratios.keys()) {
      nulls.put(column, ratios.doubleValue(column, 0, 1));
    }
    return new Gates(
        table.booleanValue("allow-empty"),
        table.doubleValue("max-quarantine-ratio", 0, 1),
        table.intValue("min-rows", 0, Integer.MAX_VALUE),
        table.doubleValue("max-row-change", 0, Double.MAX_VALUE),
        table.intValue("row-change-runs", 1, 1000),
        nulls,
        table.string("freshness-column"),
        table.duration("max-staleness"),
        table.path());
  }

  /**
   * The extra metrics these gates need, to be counted with the rules ({@link
   * QualityCheck#count(org.apache.spark.sql.Dataset, String, Map)}) over the classified rows.
   */
  public Map<String, Column> metrics(Column isValid) {
    Map<String, Column> metrics = new LinkedHashMap<>();
    maxNullRatio.keySet().forEach(c -> metrics.put(NULLS + c, count(when(isValid.and(col(c).isNull()), lit(1)))));
    if (!freshnessColumn.isEmpty()) {
      metrics.put(NEWEST, max(when(isValid, col(freshnessColumn).cast("timestamp"))));
    }
    return metrics;
  }

  /** Columns the gates read, checked before any Spark work. */
  public List<String> columns() {
    List<String> columns = new ArrayList<>(maxNullRatio.keySet());
    if (!freshnessColumn.isEmpty()) {
      columns.add(freshnessColumn);
    }
    return columns;
  }

  /**
   * What fails the gates, one sentence each naming the table, the gate, the threshold and the
   * measured value; empty when the load may be committed.
   *
   * @param table the table, as named in messages
   * @param counts counted by partition, with {@link #metrics}
   * @param expected every partition value the window must have, e.g. its dates
   * @param windowEnd the last date of the window, for freshness
   * @param baseline the mean valid rows per partition of the table's previous successful runs
   *     (empty without history)
   */
  public List<String> failures(
      String table, QualityCounts counts, List<String> expected, LocalDate windowEnd, java.util.OptionalDouble baseline) {
    if (counts.partitionColumn() == null) {
      throw new IllegalArgumentException("Cannot check gates of " + table + ": counts are not broken down by partition");
    }
    List<String> failures = new ArrayList<>();
    String head = "Cannot commit " + table + ": ";
    for (String value : expected) {
      QualityCounts p = counts.partitions().get(value);
      long rows = p == null ? 0 : p.rows();
      long quarantined = p == null ? 0 : p.withAction(Action.QUARANTINE);
      long dropped = p == null ? 0 : p.withAction(Action.DROP);
      long valid = p == null ? 0 : p.valid();
      String partition = "partition " + counts.partitionColumn() + "=" + value;
      if (rows > 0 && (double) quarantined / rows > maxQuarantineRatio) {
        failures.add(String.format(Locale.ROOT, "%s%s has %d of %d rows quarantined (%.1f%%), above max-quarantine-ratio %s",
            head, partition, quarantined, rows, 100.0 * quarantined / rows, maxQuarantineRatio));
      } else if (!allowEmpty && valid == 0) {
        failures.add(head + partition + " has no valid rows (read " + rows + ", quarantined " + quarantined + ", dropped "
            + dropped + "); to accept an empty day set " + settingsKey + ".allow-empty = true");
      } else if (valid < minRows && !(allowEmpty && valid == 0)) {
        failures.add(head + partition + " has " + valid + " valid rows, below min-rows " + minRows);
      } else if (maxRowChange > 0 && baseline.isPresent() && baseline.getAsDouble() > 0) {
        double mean = baseline.getAsDouble();
        double change = (valid - mean) / mean;
        if (Math.abs(change) > maxRowChange) {
          failures.add(String.format(Locale.ROOT,
              "%s%s has %d valid rows, %.1f%% %s the mean of the previous successful runs (%.1f), beyond max-row-change %s",
              head, partition, valid, 100 * Math.abs(change), change < 0 ? "below" : "above", mean, maxRowChange));
        }
      }
    }
    long valid = counts.valid();
    for (Map.Entry<String, Double> limit : maxNullRatio.entrySet()) {
      long nulls = counts.extra(NULLS + limit.getKey());
      if (valid > 0 && (double) nulls / valid > limit.getValue()) {
        failures.add(String.format(Locale.ROOT, "%scolumn %s is NULL in %d of %d valid rows (%.1f%%), above max-null-ratio %s",
            head, limit.getKey(), nulls, valid, 100.0 * nulls / valid, limit.getValue()));
      }
    }
    if (!freshnessColumn.isEmpty() && valid > 0) {
      Instant due = windowEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(maxStaleness);
      Object newest = counts.extraValue(NEWEST);
      Instant seen = newest instanceof java.sql.Timestamp t ? t.toInstant() : null;
      if (seen == null || seen.isBefore(due)) {
        failures.add(head + "the newest " + freshnessColumn + " is " + seen + ", older than " + due + " (the end of the window"
            + " less max-staleness " + maxStaleness + ")");
      }
    }
    return failures;
  }
}
