package io.lakeshore.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row comparisons for tests: a dataset as sorted {@code a|b|c} lines of the chosen columns, so an
 * assertion failure shows exactly which row and value differ. Only for small test data.
 */
public final class Rows {
  private Rows() {}

  public static List<String> lines(Dataset<Row> rows, String... columns) {
    Dataset<Row> selected =
        columns.length == 0
            ? rows
            : rows.select(Arrays.stream(columns).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    return selected.collectAsList().stream().map(r -> r.mkString("|")).sorted().collect(Collectors.toList());
  }
}
