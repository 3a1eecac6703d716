package io.lakeshore.core.job;

import io.lakeshore.core.table.TableId;
import java.util.Objects;

/**
 * A slice of a table a {@link Write} reads: the table and the scope on its partition columns.
 * The run reads each declared slice once, however many steps declare it.
 */
public record Read(TableId table, Scope scope) {
  public Read {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(scope, "scope is null");
  }

  public static Read of(TableId table, Scope scope) {
    return new Read(table, scope);
  }

  /**
   * What changed in {@code table} since the step that declares this read consumed it last: the
   * partitions of {@code dateColumn} that the table's commits since then wrote, as they were at
   * that version and as they are now ({@link Reads#changes}). The step must be a merge; its commit
   * records the version it consumed, so a rerun sees no change and a crash before the commit
   * leaves the next run the same changes. For marts kept up to date from a growing table (a
   * lifetime value) at the cost of what changed, not of the table's history.
   */
  public static Read changes(TableId table, String dateColumn) {
    return new Read(table, Scope.changes(dateColumn));
  }

  @Override
  public String toString() {
    return table + " [" + scope + "]";
  }
}
