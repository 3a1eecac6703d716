package io.lakeshore.core.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Factories of the common row rules. Each returns an {@link Expectation} that quarantines by
 * default; change it with {@link Expectation#action(Action)}.
 *
 * <pre>{@code
 * notNull("customer_id_present", "customer_id"),
 * inRange("amount_non_negative", "amount", 0, null).action(Action.QUARANTINE),
 * matches("email_format", "email", "^[^@]+@[^@]+$").action(Action.WARN)
 * }</pre>
 */
public final class Expectations {
  private Expectations() {}

  /** The column is not NULL. */
  public static Expectation notNull(String name, String column) {
    return of(name, col(column).isNotNull(), lit(column + " is missing"), List.of(column));
  }

  /** The column lies in [min, max]; a NULL bound is open. NULL values pass. */
  public static Expectation inRange(String name, String column, Number min, Number max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException("Cannot declare expectation " + name + ": range needs a bound");
    }
    Column c = col(column);
    Column inside = lit(true);
    if (min != null) {
      inside = inside.and(c.geq(lit(min)));
    }
    if (max != null) {
      inside = inside.and(c.leq(lit(max)));
    }
    String range = "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "+inf" : max) + "]";
    return of(name, inside, concat(lit(column + " out of range " + range + ": "), c.cast("string")), List.of(column));
  }

  /** The column, as text, matches the regular expression. NULL values pass. */
  public static Expectation matches(String name, String column, String regex) {
    Objects.requireNonNull(regex, "regex is null");
    java.util.regex.Pattern.compile(regex); // fail at declaration, not in a task
    Column c = col(column);
    return of(
        name,
        c.cast("string").rlike(regex),
        concat(lit(column + " does not match " + regex + ": "), c.cast("string")),
        List.of(column));
  }

  /** The column is strictly greater than {@code bound} ({@code > 0}, not {@code >= 0}). NULL values pass. */
  public static Expectation greaterThan(String name, String column, Number bound) {
    Objects.requireNonNull(bound, "bound is null");
    Column c = col(column);
    return of(name, c.gt(lit(bound)), concat(lit(column + " not greater than " + bound + ": "), c.cast("string")), List.of(column));
  }

  /** The column is strictly less than {@code bound}. NULL values pass. */
  public static Expectation lessThan(String name, String column, Number bound) {
    Objects.requireNonNull(bound, "bound is null");
    Column c = col(column);
    return of(name, c.lt(lit(bound)), concat(lit(column + " not less than " + bound + ": "), c.cast("string")), List.of(column));
  }

  /** The column's value is one of {@code allowed}. NULL values pass. */
  public static Expectation oneOf(String name, String column, Collection<?> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare expectation " + name + ": no allowed values");
    }
    Column c = col(column);
    String shown = allowed.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]"));
    return of(
        name,
        c.isin(allowed.toArray()),
        concat(lit(column + " not in " + shown + ": "), c.cast("string")),
        List.of(column));
  }

  /**
   * The text in {@code rawColumn} converts to {@code typedColumn}'s type: a value present in the
   * input whose typed form is NULL had the wrong type. NULL input passes.
   */
  public static Expectation hasType(String name, String rawColumn, String typedColumn, String typeName) {
    Column raw = col(rawColumn);
    return of(
        name,
        raw.isNull().or(col(typedColumn).isNotNull()),
        concat(lit(rawColumn + " is not " + typeName + ": "), raw),
        List.of(rawColumn, typedColumn));
  }

  /**
   * The column's value exists as {@code dimensionKey} in {@code dimension} (a foreign key). The
   * lookup is one left join with the dimension's distinct keys; {@code carry} columns of the
   * dimension come along (named as in the dimension), so the rule and the enrichment share it.
   * NULL values pass.
   */
  public static Expectation references(
      String name, String column, Dataset<Row> dimension, String dimensionKey, String... carry) {
    return references(name, List.of(column), dimension, List.of(dimensionKey), carry);
  }

  /**
   * As {@link #references(String, String, Dataset, String, String...)} with a composite key:
   * {@code columns.get(i)} matches {@code dimensionKeys.get(i)}; the first column is the one
   * reported. NULL in the first column passes.
   */
  public static Expectation references(
      String name, List<String> columns, Dataset<Row> dimension, List<String> dimensionKeys, String... carry) {
    if (columns.isEmpty() || columns.size() != dimensionKeys.size()) {
      throw new IllegalArgumentException(
          "Cannot declare expectation " + name + ": columns " + columns + " do not pair with keys " + dimensionKeys);
    }
    String marker = "_dq_ref_" + name;
    List<Column> picked = new java.util.ArrayList<>();
    List<String> keyNames = new java.util.ArrayList<>();
    for (int i = 0; i < dimensionKeys.size(); i++) {
      keyNames.add(marker + "_key" + i);
      picked.add(col(dimensionKeys.get(i)).as(keyNames.get(i)));
    }
    picked.add(lit(true).as(marker));
    for (String c : carry) {
      picked.add(col(c));
    }
    Dataset<Row> keys = dimension.select(picked.toArray(Column[]::new)).dropDuplicates(keyNames.toArray(String[]::new));
    UnaryOperator<Dataset<Row>> join =
        input -> {
          Column on = lit(true);
          for (int i = 0; i < columns.size(); i++) {
            on = on.and(input.col(columns.get(i)).equalTo(keys.col(keyNames.get(i))));
          }
          return input.join(keys, on, "left").drop(keyNames.toArray(String[]::new));
        };
    String first = columns.get(0);
    return new Expectation(
        name,
        col(first).isNull().or(coalesce(col(marker), lit(false))),
        concat(lit(first + " has no match in the dimension: "), col(first).cast("string")),
        Action.QUARANTINE,
        columns,
        join);
  }

  /** A rule on any condition, with a fixed or computed reason. */
  public static Expectation of(String name, Column condition, Column reason, List<String> columns) {
    return new Expectation(name, condition, reason, Action.QUARANTINE, columns, UnaryOperator.identity());
  }

  /**
   * A rule whose condition needs helper columns first, e.g. its own lookup join: {@code prepare}
   * adds them (name them {@code _dq_…} so they are dropped from the valid rows), and the
   * condition and reason read them. Classification applies every rule's {@code prepare} once.
   */
  public static Expectation withLookup(
      String name, UnaryOperator<Dataset<Row>> prepare, Column condition, Column reason, List<String> columns) {
    return new Expectation(name, condition, reason, Action.QUARANTINE, columns, prepare);
  }

  /** Helper columns a rule added (reference markers); dropped from the output. */
  static boolean isHelper(String column) {
    return column.startsWith("_dq_");
  }
}
