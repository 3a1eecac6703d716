package io.lakeshore.core.table;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * What a table is declared to be: its address, schema and partition columns. Declared once, next
 * to the job that owns the table; {@link Lakehouse#create(TableSpec)} makes it so.
 */
public record TableSpec(TableId id, StructType schema, List<String> partitionColumns) {
  public TableSpec {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(schema, "schema is null");
    partitionColumns = List.copyOf(partitionColumns);
    Set<String> names = Arrays.stream(schema.fieldNames()).collect(Collectors.toSet());
    for (String column : partitionColumns) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException(
            "Cannot declare table " + id + ": partition column " + column + " is not in the schema "
                + Arrays.toString(schema.fieldNames()));
      }
    }
  }

  public static TableSpec of(TableId id, StructType schema, String... partitionColumns) {
    return new TableSpec(id, schema, List.of(partitionColumns));
  }
}
