package io.lakeshore.core.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Reusable transformations, each a function of datasets built from Column expressions, so
 * Catalyst sees through them. Compose with {@code Dataset.transform}.
 */
public final class Transforms {
  private static final String RANK = "_lakeshore_rank";

  private Transforms() {}

  /**
   * Fails before any Spark action if a column is missing: {@code Cannot <what>: missing columns
   * [x] in [a, b]}.
   */
  public static void requireColumns(String what, Dataset<?> input, Collection<String> columns) {
    Set<String> present = Set.of(input.columns());
    List<String> missing = columns.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot " + what + ": missing columns " + missing + " in " + Arrays.toString(input.columns()));
    }
  }

  /**
   * Keeps one row per key: the first by {@code order} (e.g. latest first: {@code
   * col("event_ts").desc()}). Ties are broken by the order columns only, so give a total order
   * for a deterministic result.
   */
  public static Dataset<Row> dedupeBy(Dataset<Row> input, List<String> keys, Column... order) {
    requireColumns("dedupe", input, keys);
    if (order.length == 0) {
      throw new IllegalArgumentException("Cannot dedupe: no order given for keys " + keys);
    }
    Column[] partition = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    return input
        .withColumn(RANK, row_number().over(Window.partitionBy(partition).orderBy(order)))
        .filter(col(RANK).equalTo(1))
        .drop(RANK);
  }

  /** Selects {@code columns} in that order: a table's declared column order. */
  public static Dataset<Row> project(Dataset<Row> input, List<String> columns) {
    requireColumns("project", input, columns);
    return input.select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** The field names of a schema, in order. */
  public static List<String> names(org.apache.spark.sql.types.StructType schema) {
    return Arrays.stream(schema.fieldNames()).collect(Collectors.toList());
  }
}
