package io.lakeshore.core.transform;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * The typed edge of a transformation: table rows (snake_case columns) to a Java type with an
 * explicit Encoder (camelCase properties) and back. Only aliases are added to the plan, so
 * Catalyst still prunes and pushes down through it; nothing is deserialized unless typed
 * operations are used.
 */
public final class Typed {
  private Typed() {}

  /** Rows as {@code T}: each property {@code orderDate} is read from column {@code order_date}. */
  public static <T> Dataset<T> fromTable(Dataset<Row> rows, Encoder<T> encoder) {
    List<String> properties = Arrays.asList(encoder.schema().fieldNames());
    Transforms.requireColumns(
        "read rows as " + encoder.clsTag().runtimeClass().getSimpleName(), rows,
        properties.stream().map(Typed::snake).toList());
    return rows.select(properties.stream().map(p -> col(snake(p)).as(p)).toArray(Column[]::new)).as(encoder);
  }

  /** A typed dataset as table rows, properties renamed to snake_case columns. */
  public static <T> Dataset<Row> toTable(Dataset<T> typed) {
    return typed.toDF().select(Arrays.stream(typed.columns()).map(p -> col(p).as(snake(p))).toArray(Column[]::new));
  }

  /** {@code lifetimeRevenueUsd} → {@code lifetime_revenue_usd}. */
  public static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
