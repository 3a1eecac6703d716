package io.lakeshore.core.job;

import io.lakeshore.core.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table computed from other tables, as a declaration: the slices it reads, how its rows are
 * computed from them, and how they are written, replacing a scope or merging by key. The library
 * reads each declared slice once per run (a slice two steps declare is read once and kept), writes
 * the table once, and records the commit. Immutable.
 *
 * <pre>{@code
 * Write.replace(DAILY_REVENUE, Scope.dates("order_date", touched))
 *     .from(List.of(recent), reads -> dailyRevenue(reads.get(recent)))
 * }</pre>
 */
public final class Write implements Step {
  private final TableSpec target;
  private final Scope replaced;
  private final Merge merge;
  private final List<Read> reads;
  private final Function<Reads, Dataset<Row>> compute;

  private Write(TableSpec target, Scope replaced, Merge merge, List<Read> reads, Function<Reads, Dataset<Row>> compute) {
    this.target = Objects.requireNonNull(target, "target is null");
    this.replaced = replaced;
    this.merge = merge;
    this.reads = List.copyOf(reads);
    this.compute = compute;
  }

  /** Rows that replace {@code scope} of {@code table}. */
  public static Write replace(TableSpec table, Scope scope) {
    return new Write(table, Objects.requireNonNull(scope, "scope is null"), null, List.of(), null);
  }

  /** Rows merged into {@code table} as {@code merge} says. */
  public static Write merge(TableSpec table, Merge merge) {
    return new Write(table, null, Objects.requireNonNull(merge, "merge is null"), List.of(), null);
  }

  /** The slices read and how the rows (without audit columns) are computed from them. */
  public Write from(List<Read> reads, Function<Reads, Dataset<Row>> compute) {
    if (merge == null && reads.stream().anyMatch(r -> r.scope().changedColumn().isPresent())) {
      throw new IllegalArgumentException("Cannot declare " + this + ": a changes read needs a merge (a replace would drop what the"
          + " changes do not cover)");
    }
    return new Write(target, replaced, merge, reads, Objects.requireNonNull(compute, "compute is null"));
  }

  public TableSpec target() {
    return target;
  }

  public List<Read> reads() {
    return reads;
  }

  /** How the table is written, for the plan: {@code replace} or {@code merge by k}. */
  public String mode() {
    return merge == null ? "replace" : merge.toString();
  }

  /** The part of the table written. */
  public Scope scope() {
    return merge == null ? replaced : merge.scope();
  }

  Dataset<Row> compute(Reads reads) {
    if (compute == null) {
      throw new IllegalStateException("Cannot run the write of " + target.id() + ": no rows declared (use from(reads, compute))");
    }
    return compute.apply(reads);
  }

  java.util.Optional<io.lakeshore.core.table.Commit> writeTo(Output output, Dataset<Row> rows, java.util.Map<String, String> consumed) {
    return merge == null ? output.replace(rows, replaced, consumed) : output.merge(rows, merge, consumed);
  }

  @Override
  public String toString() {
    return "write " + target.id() + " (" + mode() + ")";
  }

  static List<Read> allReads(List<Write> writes) {
    List<Read> all = new ArrayList<>();
    writes.forEach(w -> w.reads.stream().filter(r -> !all.contains(r)).forEach(all::add));
    return all;
  }
}
