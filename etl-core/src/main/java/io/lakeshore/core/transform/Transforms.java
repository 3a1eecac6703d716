package io.lakeshore.core.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
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
   * for a deterministic result. NULL keys are equal to each other, as in a grouping.
   *
   * <p>Duplicates are usually few, so only they are ranked: the keys that occur more than once are
   * found with a narrow aggregation of the keys, broadcast, and only the rows with those keys are
   * shuffled and ranked; every other row passes without a shuffle. The input is read three times:
   * give it something cheap to read (staged or cached rows, a table slice).
   */
  public static Dataset<Row> dedupeBy(Dataset<Row> input, List<String> keys, Column... order) {
    requireColumns("dedupe", input, keys);
    if (order.length == 0) {
      throw new IllegalArgumentException("Cannot dedupe: no order given for keys " + keys);
    }
    String[] keyNames = keys.stream().map(k -> "_lakeshore_key_" + k).toArray(String[]::new);
    Column[] renamed = new Column[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      renamed[i] = col(keys.get(i)).as(keyNames[i]);
    }
    Dataset<Row> repeated = broadcast(input.groupBy(renamed).count().filter(col("count").gt(1)).drop("count"));
    Column same = lit(true);
    for (int i = 0; i < keys.size(); i++) {
      same = same.and(input.col(keys.get(i)).eqNullSafe(repeated.col(keyNames[i])));
    }
    Dataset<Row> once = input.join(repeated, same, "left_anti");
    Column[] partition = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> firsts = input.join(repeated, same, "left_semi")
        .withColumn(RANK, row_number().over(Window.partitionBy(partition).orderBy(order)))
        .filter(col(RANK).equalTo(1))
        .drop(RANK);
    return once.unionByName(firsts);
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
