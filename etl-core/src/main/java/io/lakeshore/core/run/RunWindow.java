package io.lakeshore.core.run;

import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;

/**
 * The inclusive range of dates a run processes: one date, or a backfill range. Everything a job
 * writes is confined to partitions derived from its window, which is what makes reruns safe.
 */
public record RunWindow(LocalDate from, LocalDate to) {
  /** Bounds one run's cost and catches typos such as 2062 for 2026. */
  public static final int MAX_DAYS = 366;

  public RunWindow {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "Cannot make run window: --from " + from + " is after --to " + to);
    }
  }

  public static RunWindow of(LocalDate date) {
    return new RunWindow(date, date);
  }

  /**
   * A window a user asked for (--from/--to): at most {@value #MAX_DAYS} days. Ranges derived
   * from it, such as {@link #extendBack}, may be longer.
   */
  public static RunWindow between(LocalDate from, LocalDate to) {
    RunWindow window = new RunWindow(from, to);
    if (window.days() > MAX_DAYS) {
      throw new IllegalArgumentException(
          "Cannot make run window: " + window + " spans more than " + MAX_DAYS + " days");
    }
    return window;
  }

  /** Parses an ISO date (YYYY-MM-DD), naming the option in the error. */
  public static LocalDate parseDate(String option, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot parse " + option + ": '" + text + "' is not a date (expected YYYY-MM-DD)");
    }
  }

  /** The dates of the window, in order. */
  public List<LocalDate> dates() {
    return Stream.iterate(from, d -> !d.isAfter(to), d -> d.plusDays(1)).toList();
  }

  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** Whether {@code date} lies in the window. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  /** The window widened back by {@code days}: where late data for this window can land. */
  public RunWindow extendBack(int days) {
    return new RunWindow(from.minusDays(days), to);
  }

  /** The {@code days} days right before the window (at least one): e.g. the history late rows are checked against. */
  public RunWindow before(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("Cannot take the days before " + this + ": need at least 1 day, got " + days);
    }
    return new RunWindow(from.minusDays(days), from.minusDays(1));
  }

  /** {@code column BETWEEN from AND to}, with date literals (no SQL text). */
  public Column covers(Column column) {
    return column.between(lit(from), lit(to));
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + ".." + to;
  }
}
