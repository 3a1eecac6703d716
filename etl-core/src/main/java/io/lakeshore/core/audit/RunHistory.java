package io.lakeshore.core.audit;

import io.lakeshore.core.table.TableId;
import java.util.Map;

/** What earlier runs did, as the run ledger recorded it; read by gates that compare with the past. */
@FunctionalInterface
public interface RunHistory {
  /** No history: every comparison with the past is skipped. */
  RunHistory NONE = (table, runs) -> Map.of();

  /**
   * For each partition value of {@code table} (e.g. a date), the mean rows its last {@code runs}
   * successful runs committed to the table's partitions; partitions never written are absent.
   */
  Map<String, Double> meanRowsPerPartition(TableId table, int runs);
}
