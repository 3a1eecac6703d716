package io.lakeshore.core.transform;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Rows checked against a declared schema before they are written. */
public final class Schemas {
  private Schemas() {}

  /**
   * The declared columns of {@code rows}, in the declared order, after checking before any Spark
   * action that each exists with the declared type (nullability aside: both formats may relax
   * it). Extra columns are left out.
   *
   * @param what the action, for the message: {@code Cannot <what>: …}
   * @throws IllegalArgumentException naming the missing columns, or each column whose type differs
   */
  public static Dataset<Row> conform(String what, Dataset<Row> rows, StructType declared) {
    Transforms.requireColumns(what, rows, Arrays.asList(declared.fieldNames()));
    Map<String, DataType> actual = new LinkedHashMap<>();
    for (StructField f : rows.schema().fields()) {
      actual.put(f.name(), f.dataType());
    }
    List<String> wrong = new ArrayList<>();
    for (StructField f : declared.fields()) {
      DataType found = actual.get(f.name());
      if (!found.sameType(f.dataType())) {
        wrong.add(f.name() + " is " + found.simpleString() + ", declared " + f.dataType().simpleString());
      }
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("Cannot " + what + ": column " + String.join(", column ", wrong));
    }
    return rows.select(Arrays.stream(declared.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }
}
