package io.lakeshore.core.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One declarative row rule: a name, the condition a valid row satisfies, a readable reason for a
 * violation (a Column, so it can show the offending value), and the {@link Action} taken. Build
 * them with {@link Expectations}. Immutable; {@link #action(Action)} returns a copy.
 *
 * <p>As in SQL CHECK constraints, a condition that evaluates to NULL passes; pair a rule with
 * {@link Expectations#notNull} where the value is required.
 */
public final class Expectation {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final String name;
  private final Column condition;
  private final Column reason;
  private final Action action;
  private final List<String> columns;
  private final UnaryOperator<Dataset<Row>> prepare;

  Expectation(
      String name,
      Column condition,
      Column reason,
      Action action,
      List<String> columns,
      UnaryOperator<Dataset<Row>> prepare) {
    if (!NAME.matcher(Objects.requireNonNull(name, "name is null")).matches()) {
      throw new IllegalArgumentException("Cannot declare expectation: name must be a lower-case identifier: '" + name + "'");
    }
    this.name = name;
    this.condition = Objects.requireNonNull(condition, "condition is null");
    this.reason = Objects.requireNonNull(reason, "reason is null");
    this.action = Objects.requireNonNull(action, "action is null");
    this.columns = List.copyOf(columns);
    this.prepare = Objects.requireNonNull(prepare, "prepare is null");
  }

  /** A copy that gives {@code newReason} for a violation (a Column, so it can show the value). */
  public Expectation reason(Column newReason) {
    return new Expectation(name, condition, newReason, action, columns, prepare);
  }

  /** A copy that takes {@code newAction} on violation. */
  public Expectation action(Action newAction) {
    return new Expectation(name, condition, reason, newAction, columns, prepare);
  }

  public String name() {
    return name;
  }

  public Action action() {
    return action;
  }

  /** Columns of the input the rule reads; checked before any Spark action. */
  public List<String> columns() {
    return columns;
  }

  /** True for a row that violates the rule; never NULL. */
  Column violated() {
    return coalesce(not(condition), lit(false));
  }

  Column reason() {
    return reason;
  }

  /** Adds helper columns the condition needs (a reference rule's lookup join). */
  Dataset<Row> prepare(Dataset<Row> input) {
    return prepare.apply(input);
  }

  @Override
  public String toString() {
    return name + " (" + action + ")";
  }
}
