package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;

import io.lakeshore.core.quality.Action;
import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.Expectations;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Customer and product snapshots (CSV) to golden rows, and their rules. */
public final class SnapshotTransforms {
  static final String CORRUPT = OrderTransforms.CORRUPT;

  /** CSV columns as text, plus the corrupt-record column for lines that do not parse. */
  public static final StructType CUSTOMER_CSV =
      new StructType()
          .add(CUSTOMER_ID, DataTypes.StringType)
          .add(NAME, DataTypes.StringType)
          .add(EMAIL, DataTypes.StringType)
          .add(COUNTRY, DataTypes.StringType)
          .add(SEGMENT, DataTypes.StringType)
          .add(CORRUPT, DataTypes.StringType);

  public static final StructType PRODUCT_CSV =
      new StructType()
          .add(PRODUCT_ID, DataTypes.StringType)
          .add(NAME, DataTypes.StringType)
          .add(CATEGORY, DataTypes.StringType)
          .add(LIST_PRICE + "_text", DataTypes.StringType)
          .add(CORRUPT, DataTypes.StringType);

  public static final StructType RATE_CSV =
      new StructType().add(CURRENCY, DataTypes.StringType).add(OrderTransforms.USD_RATE, DataTypes.createDecimalType(18, 6));

  private SnapshotTransforms() {}

  /** The record as received, for the quarantine: the corrupt line, or the parsed fields as JSON. */
  public static Column rawRecord(StructType csv) {
    Column[] fields =
        java.util.Arrays.stream(csv.fieldNames()).filter(f -> !f.equals(CORRUPT)).map(f -> col(f)).toArray(Column[]::new);
    return org.apache.spark.sql.functions.coalesce(col(CORRUPT), to_json(struct(fields)));
  }

  public static List<Expectation> customerRules() {
    return List.of(
        Expectations.of("well_formed", col(CORRUPT).isNull(), lit("line is not a valid CSV record"), List.of(CORRUPT)),
        Expectations.notNull("customer_id_present", CUSTOMER_ID),
        Expectations.notNull("country_present", COUNTRY),
        Expectations.matches("country_is_iso_code", COUNTRY, "^[A-Z]{2}$"),
        Expectations.matches("email_format", EMAIL, "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$").action(Action.WARN));
  }

  public static List<Expectation> productRules() {
    return List.of(
        Expectations.of("well_formed", col(CORRUPT).isNull(), lit("line is not a valid CSV record"), List.of(CORRUPT)),
        Expectations.notNull("product_id_present", PRODUCT_ID),
        Expectations.notNull("category_present", CATEGORY),
        Expectations.hasType("list_price_is_number", LIST_PRICE + "_text", LIST_PRICE, "a decimal number"),
        Expectations.inRange("list_price_non_negative", LIST_PRICE, 0, null));
  }

  /** Adds the typed list price next to its text. */
  public static Dataset<Row> typeProducts(Dataset<Row> products) {
    return products.withColumn(LIST_PRICE, col(LIST_PRICE + "_text").try_cast(DataTypes.createDecimalType(12, 2)));
  }
}
