package io.lakeshore.core.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakeshore.core.run.RunWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * The part of a table a step reads or writes: date ranges on partition columns, e.g. {@code
 * order_date 2025-12-25..2026-01-01 x ingest_date 2026-01-01}. One value gives both the predicate
 * the run executes and the text the dry run prints, so the two cannot drift apart. Immutable.
 */
public final class Scope {
  /** One range of dates on one column; {@code to} is null for a range without an end. */
  public record Range(String column, java.time.LocalDate from, java.time.LocalDate to) {
    public Range {
      Objects.requireNonNull(column, "column is null");
      Objects.requireNonNull(from, "from is null");
    }

    Column covers(Column c) {
      return to == null ? c.geq(lit(from)) : c.between(lit(from), lit(to));
    }

    @Override
    public String toString() {
      return column + " " + (to == null ? "from " + from + " on" : new RunWindow(from, to).toString());
    }
  }

  private static final Scope ALL = new Scope(List.of(), "all rows");

  private final List<Range> ranges;
  private final String note;
  /** For {@link #changes}: the date column whose changed partitions are read; null otherwise. */
  private final String changed;

  private Scope(List<Range> ranges, String note) {
    this(ranges, note, null);
  }

  private Scope(List<Range> ranges, String note, String changed) {
    this.ranges = List.copyOf(ranges);
    this.note = note;
    this.changed = changed;
  }

  /**
   * The partitions of {@code dateColumn} that changed since the version of the table the writing
   * step consumed last, as they were then and as they are now: see {@link Read#changes}.
   */
  static Scope changes(String dateColumn) {
    Objects.requireNonNull(dateColumn, "dateColumn is null");
    return new Scope(List.of(), null, dateColumn);
  }

  /** The date column of a {@link #changes} scope; empty for any other scope. */
  public java.util.Optional<String> changedColumn() {
    return java.util.Optional.ofNullable(changed);
  }

  /** {@code column} within the window's dates. */
  public static Scope dates(String column, RunWindow window) {
    return new Scope(List.of(new Range(column, window.from(), window.to())), null);
  }

  /** {@code column} from {@code date} on, to the newest: what recomputes history from a date. */
  public static Scope since(String column, java.time.LocalDate date) {
    return new Scope(List.of(new Range(column, date, null)), null);
  }

  /** The whole table (an unpartitioned table, or a read that must see all of it). */
  public static Scope all() {
    return ALL;
  }

  /** The whole table, with a word on why, shown by the dry run. */
  public static Scope all(String why) {
    return new Scope(List.of(), why);
  }

  /** Both scopes: the conjunction of their ranges. */
  public Scope and(Scope other) {
    if (changed != null || other.changed != null) {
      throw new IllegalArgumentException("Cannot combine a changes scope with another scope: " + this + ", " + other);
    }
    List<Range> both = new ArrayList<>(ranges);
    both.addAll(other.ranges);
    return new Scope(both, note != null ? note : other.note);
  }

  public List<Range> ranges() {
    return ranges;
  }

  /** True for a scope without ranges: the whole table. */
  public boolean isAll() {
    return ranges.isEmpty();
  }

  /** The predicate on columns named as in the table ({@code col(name)}); TRUE for the whole table. */
  public Column predicate() {
    return predicate(name -> col(name));
  }

  /** The predicate with each column resolved by {@code column}, e.g. a merge target's columns. */
  public Column predicate(Function<String, Column> column) {
    if (changed != null) {
      throw new IllegalStateException("Cannot filter by " + this + ": the changed partitions are known only when the step runs");
    }
    Column p = lit(true);
    for (Range r : ranges) {
      p = p.and(r.covers(column.apply(r.column())));
    }
    return p;
  }


  @Override
  public String toString() {
    if (changed != null) {
      return "the " + changed + " partitions changed since the version the step consumed last";
    }
    if (ranges.isEmpty()) {
      return note == null ? "all rows" : "all rows: " + note;
    }
    String text = ranges.stream().map(Range::toString).collect(Collectors.joining(" x "));
    return note == null ? text : text + "; " + note;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope s && s.ranges.equals(ranges) && Objects.equals(s.note, note) && Objects.equals(s.changed, changed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ranges, note, changed);
  }
}
