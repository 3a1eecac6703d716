package io.lakeshore.core.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The default safety of a table loaded from raw input, checked for every partition of the run
 * window before anything is committed: a partition with no valid row fails the run unless empty
 * days are allowed (an empty or broken file would otherwise replace a committed day with
 * nothing), and so does a partition whose quarantined share of rows exceeds the maximum.
 *
 * @param allowEmpty accept a partition of the window with no valid row
 * @param maxQuarantineRatio the largest share of a partition's rows that may be quarantined, in [0, 1]
 * @param allowEmptyKey the setting that allows empty partitions, named in the message
 */
public record LoadGate(boolean allowEmpty, double maxQuarantineRatio, String allowEmptyKey) {
  public LoadGate {
    if (!(maxQuarantineRatio >= 0 && maxQuarantineRatio <= 1)) {
      throw new IllegalArgumentException(
          "Cannot declare load gate: max-quarantine-ratio must be in [0, 1], cannot be: " + maxQuarantineRatio);
    }
    Objects.requireNonNull(allowEmptyKey, "allowEmptyKey is null");
  }

  /**
   * What fails the gate, one sentence per failing partition, each naming the table, the
   * partition and the figures; empty when the load may be committed.
   *
   * @param table the table the rows are for, as named in messages
   * @param counts counted by partition ({@link QualityCheck#count(org.apache.spark.sql.Dataset, String, java.util.Map)})
   * @param expected every partition value the window must have, e.g. its dates
   */
  public List<String> failures(String table, QualityCounts counts, List<String> expected) {
    if (counts.partitionColumn() == null) {
      throw new IllegalArgumentException("Cannot check load gate of " + table + ": counts are not broken down by partition");
    }
    List<String> failures = new ArrayList<>();
    for (String value : expected) {
      QualityCounts p = counts.partitions().get(value);
      long rows = p == null ? 0 : p.rows();
      long quarantined = p == null ? 0 : p.withAction(Action.QUARANTINE);
      long dropped = p == null ? 0 : p.withAction(Action.DROP);
      String partition = "partition " + counts.partitionColumn() + "=" + value;
      if (rows > 0 && (double) quarantined / rows > maxQuarantineRatio) {
        failures.add(String.format(Locale.ROOT,
            "Cannot commit %s: %s has %d of %d rows quarantined (%.1f%%), above max-quarantine-ratio %s",
            table, partition, quarantined, rows, 100.0 * quarantined / rows, maxQuarantineRatio));
      } else if (!allowEmpty && (p == null || p.valid() == 0)) {
        failures.add("Cannot commit " + table + ": " + partition + " has no valid rows (read " + rows + ", quarantined "
            + quarantined + ", dropped " + dropped + "); to accept an empty day set " + allowEmptyKey + " = true");
      }
    }
    return failures;
  }
}
