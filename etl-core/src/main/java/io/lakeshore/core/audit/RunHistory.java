package io.lakeshore.core.audit;

import io.lakeshore.core.table.TableId;
import java.time.LocalDate;
import java.util.OptionalDouble;

/** What earlier runs did, as the run ledger recorded it; read by gates that compare with the past. */
@FunctionalInterface
public interface RunHistory {
  /** No history: every comparison with the past is skipped. */
  RunHistory NONE = (table, before, runs) -> OptionalDouble.empty();

  /**
   * The mean valid rows per date of {@code table} over its latest {@code runs} dates before
   * {@code before}, as successful runs loaded them; empty without such history.
   */
  OptionalDouble meanRows(TableId table, LocalDate before, int runs);
}
