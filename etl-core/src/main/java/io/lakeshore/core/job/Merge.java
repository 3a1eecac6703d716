package io.lakeshore.core.job;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.MergeIntoWriter;
import org.apache.spark.sql.Row;

/**
 * How a {@link Write} merges into its table: by key, within a scope of the target (the run
 * window's partitions, so a merge never scans the table's history), with clauses that say what
 * happens to matched and unmatched rows. Immutable.
 *
 * <pre>{@code
 * Merge.byKey("order_id", "order_date").within(Scope.dates("order_date", touched))
 *     .clauses((m, target) -> m.whenMatched(source("ts").gt(target.apply("ts"))).updateAll()
 *         .whenNotMatched().insertAll())
 * }</pre>
 *
 * @param keys the columns matched between source and target
 * @param scope the target's rows the merge may touch, on its partition columns
 * @param clauses adds the when-(not-)matched clauses, given the target's columns by name
 */
public record Merge(List<String> keys, Scope scope, Clauses clauses) {
  /** Adds the clauses to a merge; {@code target} resolves a column of the target table. */
  @FunctionalInterface
  public interface Clauses {
    MergeIntoWriter<Row> apply(MergeIntoWriter<Row> merge, Function<String, Column> target);
  }

  public Merge {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare merge: no keys");
    }
    Objects.requireNonNull(scope, "scope is null");
    Objects.requireNonNull(clauses, "clauses is null");
  }

  /** A merge on {@code keys} over the whole target; update all matched, insert the rest. */
  public static Merge byKey(String... keys) {
    return new Merge(List.of(keys), Scope.all(), (m, target) -> m.whenMatched().updateAll().whenNotMatched().insertAll());
  }

  /** A copy limited to {@code scope} of the target. */
  public Merge within(Scope scope) {
    return new Merge(keys, scope, clauses);
  }

  /** A copy with these clauses. */
  public Merge clauses(Clauses clauses) {
    return new Merge(keys, scope, clauses);
  }

  /** The same clauses on a writer, for callers that need no target columns. */
  public UnaryOperator<MergeIntoWriter<Row>> bind(Function<String, Column> target) {
    return m -> clauses.apply(m, target);
  }

  @Override
  public String toString() {
    return "merge by " + String.join(", ", keys);
  }
}
