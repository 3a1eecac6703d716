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

  @Override
  public String toString() {
    return table + " [" + scope + "]";
  }
}
