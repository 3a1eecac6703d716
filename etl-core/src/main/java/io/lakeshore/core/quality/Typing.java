package io.lakeshore.core.quality;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Types text fields (from delimited text or JSON read as text) and declares the rule that
 * quarantines a value that does not convert: one declaration per field instead of a cast and a
 * hand-written rule each. A field {@code amount} typed as decimal keeps its text in {@code
 * amount_text} and becomes the typed {@code amount}; the rule {@code amount_is_decimal} names
 * the field and the value in its reason. Immutable.
 *
 * <pre>{@code
 * Typing typing = Typing.of("amount", DataTypes.createDecimalType(12, 2)).and("quantity", DataTypes.IntegerType);
 * Load.from(input).parse(lines -> typing.apply(input.parse(lines))).expect(typing.rules())
 * }</pre>
 */
public final class Typing {
  /** The suffix of the column that keeps a typed field's text as received. */
  public static final String TEXT = "_text";

  private final Map<String, DataType> fields;

  private Typing(Map<String, DataType> fields) {
    this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Typing of(String field, DataType type) {
    return new Typing(Map.of()).and(field, type);
  }

  /** A copy that also types {@code field}. */
  public Typing and(String field, DataType type) {
    Map<String, DataType> all = new LinkedHashMap<>(fields);
    if (all.put(field, type) != null) {
      throw new IllegalArgumentException("Cannot declare typing: field " + field + " is typed twice");
    }
    return new Typing(all);
  }

  /** Each field's text moved to {@code <field>_text}, and {@code <field>} typed with {@code try_cast}. */
  public Dataset<Row> apply(Dataset<Row> rows) {
    Dataset<Row> typed = rows;
    for (Map.Entry<String, DataType> f : fields.entrySet()) {
      typed = typed.withColumnRenamed(f.getKey(), f.getKey() + TEXT)
          .withColumn(f.getKey(), col(f.getKey() + TEXT).try_cast(f.getValue()));
    }
    return typed;
  }

  /** One {@code <field>_is_<type>} rule per field, in declaration order; a NULL text passes. */
  public List<Expectation> rules() {
    List<Expectation> rules = new ArrayList<>();
    fields.forEach((field, type) -> {
      String kind = type.typeName().replaceAll("\\(.*", "").toLowerCase(Locale.ROOT);
      rules.add(Expectations.hasType(field + "_is_" + kind, field + TEXT, field, "a valid " + type.simpleString()));
    });
    return rules;
  }
}
