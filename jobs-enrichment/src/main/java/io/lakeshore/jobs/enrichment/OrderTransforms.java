package io.lakeshore.jobs.enrichment;

import static io.lakeshore.jobs.enrichment.GoldenTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.to_date;

import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.transform.Transforms;
import io.lakeshore.core.transform.Typed;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The transformations from raw order lines to golden order rows, each testable alone. */
public final class OrderTransforms {
  /** The raw line as received, kept for the quarantine. */
  public static final String RAW = RawInput.RAW_RECORD;
  public static final String CORRUPT = RawInput.CORRUPT;
  public static final String USD_RATE = "usd_rate";
  public static final String RATE_DATE = "rate_date";
  static final Set<String> STATUSES = Set.of("CREATED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED");

  /** Order events: {@code orders/date=D/*.jsonl}, every field read as text first, so a wrong type is seen (and quarantined), not nulled. */
  public static final RawInput INPUT =
      RawInput.jsonLines("orders", EVENT_ID, ORDER_ID, CUSTOMER_ID, PRODUCT_ID, STATUS, QUANTITY, AMOUNT, CURRENCY, ORDER_TS, EVENT_TS);

  private OrderTransforms() {}

  /**
   * Parses order lines ({@link RawInput#RAW_RECORD}, {@code ingest_date}, and any other line
   * columns, which are kept) with the text schema of {@link #INPUT}, then types them. Typed columns
   * keep their names; the text as received is kept in {@code <name>_text} where a type check needs
   * it.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    Transforms.requireColumns("parse order events", lines, List.of(RAW, INGEST_DATE));
    return INPUT.parse(lines)
        .withColumnRenamed(QUANTITY, QUANTITY + "_text")
        .withColumnRenamed(AMOUNT, AMOUNT + "_text")
        .withColumnRenamed(ORDER_TS, ORDER_TS + "_text")
        .withColumnRenamed(EVENT_TS, EVENT_TS + "_text")
        .withColumn(QUANTITY, col(QUANTITY + "_text").try_cast(DataTypes.IntegerType))
        .withColumn(AMOUNT, col(AMOUNT + "_text").try_cast(DataTypes.createDecimalType(12, 2)))
        .withColumn(ORDER_TS, col(ORDER_TS + "_text").try_cast(DataTypes.TimestampType))
        .withColumn(EVENT_TS, col(EVENT_TS + "_text").try_cast(DataTypes.TimestampType))
        .withColumn(ORDER_DATE, to_date(col(ORDER_TS)));
  }

  /**
   * The order rules, to follow {@link #INPUT}'s structural rules (the first violated rule is the
   * one reported).
   *
   * @param customers valid customer snapshots of the window ({@code customer_id, snapshot_date,
   *     country, segment}): an event must match the snapshot of its ingest date
   * @param products valid product snapshots ({@code product_id, snapshot_date, category})
   * @param rates {@code currency, usd_rate, rate_date}; a NULL rate counts as no rate
   */
  public static List<Expectation> rules(
      Dataset<Row> customers, Dataset<Row> products, Dataset<Row> rates, int latenessDays) {
    Dataset<Row> customerDim =
        customers.select(col(CUSTOMER_ID).as("c_id"), col(SNAPSHOT_DATE).as("c_date"),
            col(COUNTRY).as(CUSTOMER_COUNTRY), col(SEGMENT).as(CUSTOMER_SEGMENT));
    Dataset<Row> productDim =
        products.select(col(PRODUCT_ID).as("p_id"), col(SNAPSHOT_DATE).as("p_date"), col(CATEGORY).as(PRODUCT_CATEGORY));
    Dataset<Row> rateDim =
        rates.filter(col(USD_RATE).isNotNull()).select(col(CURRENCY).as("r_currency"), col(RATE_DATE).as("r_date"), col(USD_RATE));
    return List.of(
        Expectations.notNull("event_id_present", EVENT_ID),
        Expectations.notNull("order_id_present", ORDER_ID),
        Expectations.notNull("customer_id_present", CUSTOMER_ID),
        Expectations.notNull("product_id_present", PRODUCT_ID),
        Expectations.notNull("amount_present", AMOUNT + "_text"),
        Expectations.hasType("amount_is_number", AMOUNT + "_text", AMOUNT, "a decimal number"),
        Expectations.hasType("quantity_is_integer", QUANTITY + "_text", QUANTITY, "an integer"),
        Expectations.notNull("order_ts_present", ORDER_TS + "_text"),
        Expectations.hasType("order_ts_is_timestamp", ORDER_TS + "_text", ORDER_TS, "a timestamp"),
        Expectations.notNull("event_ts_valid", EVENT_TS),
        Expectations.inRange("amount_non_negative", AMOUNT, 0, null),
        Expectations.inRange("quantity_positive", QUANTITY, 1, null),
        Expectations.oneOf("status_known", STATUS, STATUSES),
        Expectations.of(
            "order_within_lateness",
            col(ORDER_DATE).geq(org.apache.spark.sql.functions.date_sub(col(INGEST_DATE), latenessDays)),
            org.apache.spark.sql.functions.concat(
                lit("order date more than " + latenessDays + " days before ingest date: "), col(ORDER_DATE).cast("string")),
            List.of(ORDER_DATE, INGEST_DATE)),
        Expectations.of(
            "order_not_after_ingest",
            col(ORDER_DATE).leq(col(INGEST_DATE)),
            org.apache.spark.sql.functions.concat(lit("order date after ingest date: "), col(ORDER_DATE).cast("string")),
            List.of(ORDER_DATE, INGEST_DATE)),
        Expectations.references("currency_known", List.of(CURRENCY, INGEST_DATE), rateDim, List.of("r_currency", "r_date"), USD_RATE),
        Expectations.references("customer_exists", List.of(CUSTOMER_ID, INGEST_DATE), customerDim, List.of("c_id", "c_date"),
            CUSTOMER_COUNTRY, CUSTOMER_SEGMENT),
        Expectations.references("product_exists", List.of(PRODUCT_ID, INGEST_DATE), productDim, List.of("p_id", "p_date"),
            PRODUCT_CATEGORY));
  }

  /**
   * Valid, deduplicated events to golden orders, with the USD amount: the typed output edge of
   * the job (the columns and types are checked against {@link GoldenOrder} here).
   */
  public static Dataset<GoldenOrder> toGolden(Dataset<Row> valid) {
    Dataset<Row> withUsd =
        valid.withColumn(AMOUNT_USD, round(col(AMOUNT).multiply(col(USD_RATE)), 2).cast(DataTypes.createDecimalType(14, 2)))
            .withColumn(RESCUED_DATA, col(RawInput.RESCUED));
    return Typed.fromTable(withUsd, GoldenOrder.ENCODER);
  }
}
