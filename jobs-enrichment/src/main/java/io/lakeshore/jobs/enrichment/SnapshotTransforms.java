package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.quality.Action;
import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.Expectations;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Customer and product snapshots and currency rates (CSV) to golden rows, and their rules. */
public final class SnapshotTransforms {
  /** Customer snapshots: {@code customers/date=D/*.csv}. */
  public static final RawInput CUSTOMERS_INPUT = RawInput.csv("customers", CUSTOMER_ID, NAME, EMAIL, COUNTRY, SEGMENT);
  /** Product snapshots: {@code products/date=D/*.csv}. */
  public static final RawInput PRODUCTS_INPUT = RawInput.csv("products", PRODUCT_ID, NAME, CATEGORY, LIST_PRICE);
  /** USD rates of the day: {@code fx_rates/date=D/*.csv}. */
  public static final RawInput RATES_INPUT = RawInput.csv("fx_rates", CURRENCY, OrderTransforms.USD_RATE);

  private SnapshotTransforms() {}

  /** Customer rules, after the structural ones every raw input has. */
  public static List<Expectation> customerRules() {
    return List.of(
        Expectations.notNull("customer_id_present", CUSTOMER_ID),
        Expectations.notNull("country_present", COUNTRY),
        Expectations.matches("country_is_iso_code", COUNTRY, "^[A-Z]{2}$"),
        Expectations.matches("email_format", EMAIL, "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$").action(Action.WARN));
  }

  /** Product rules, after the structural ones; run on {@link #typeProducts} output. */
  public static List<Expectation> productRules() {
    return List.of(
        Expectations.notNull("product_id_present", PRODUCT_ID),
        Expectations.notNull("category_present", CATEGORY),
        Expectations.hasType("list_price_is_number", LIST_PRICE + "_text", LIST_PRICE, "a decimal number"),
        Expectations.inRange("list_price_non_negative", LIST_PRICE, 0, null));
  }

  /** The typed list price, with its text as received in {@code list_price_text}. */
  public static Dataset<Row> typeProducts(Dataset<Row> products) {
    return products.withColumnRenamed(LIST_PRICE, LIST_PRICE + "_text")
        .withColumn(LIST_PRICE, col(LIST_PRICE + "_text").try_cast(DataTypes.createDecimalType(12, 2)));
  }

  /**
   * Parsed rate lines as {@code currency, usd_rate, rate_date}; a rate that is not a number is
   * NULL, which the order rule {@code currency_known} treats as no rate.
   */
  public static Dataset<Row> typeRates(Dataset<Row> rates) {
    return rates.select(
        col(CURRENCY),
        col(OrderTransforms.USD_RATE).try_cast(DataTypes.createDecimalType(18, 6)).as(OrderTransforms.USD_RATE),
        col(INGEST_DATE).as(OrderTransforms.RATE_DATE));
  }
}
