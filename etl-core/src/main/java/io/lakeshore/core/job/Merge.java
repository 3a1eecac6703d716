package io.lakeshore.core.job;

import static org.apache.spark.sql.functions.not;

import io.lakeshore.core.table.LakeTable;
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

  /**
   * A merge that makes {@code scope} of the target equal to the source, touching only the rows that
   * differ: a matched row is updated when one of {@code compared} differs (NULL equal to NULL), a
   * new row is inserted, and a row of the scope that the source lacks is deleted; rows outside the
   * scope are left alone. For a source recomputed as the whole truth of the scope: a rerun with
   * the same source changes no row. Compare the table's own columns, not the audit columns, which
   * differ on every run.
   *
   * <pre>{@code
   * Merge.mirror(Scope.dates("reading_date", touched), List.of("device_id", "reading_ts"), List.of("value", "unit"))
   * }</pre>
   */
  public static Merge mirror(Scope scope, List<String> keys, List<String> compared) {
    List<String> columns = List.copyOf(compared);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare mirror merge by " + keys + ": no compared columns");
    }
    return new Merge(keys, scope, (m, target) -> m
        .whenMatched(columns.stream().map(c -> not(target.apply(c).eqNullSafe(LakeTable.source(c)))).reduce(Column::or).orElseThrow())
        .updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(scope.predicate(target)).delete());
  }

  /** A copy limited to {@code scope} of the target; the clauses stay as they were (a mirror's deletes too). */
  public Merge within(Scope scope) {
    return new Merge(keys, scope, clauses);
  }

  /** A copy with these clauses. */
  public Merge clauses(Clauses clauses) {
    return new Merge(keys, scope, clauses);
  }

  /** The merge condition: the scope on the target's columns and each key equal in source and target. */
  public Column condition(Function<String, Column> target) {
    Column on = scope.predicate(target);
    for (String key : keys) {
      on = on.and(target.apply(key).equalTo(LakeTable.source(key)));
    }
    return on;
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
