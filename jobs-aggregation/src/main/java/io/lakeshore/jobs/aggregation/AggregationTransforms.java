package io.lakeshore.jobs.aggregation;

import static io.lakeshore.jobs.aggregation.ServingTables.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.transform.Transforms;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The marts as functions of curated orders. */
public final class AggregationTransforms {
  static final String UNKNOWN = "unknown";

  private AggregationTransforms() {}

  /** Orders that count as revenue. */
  public static Dataset<Row> billable(Dataset<Row> orders) {
    Transforms.requireColumns("aggregate revenue", orders, List.of(STATUS, AMOUNT_USD, ORDER_DATE, CUSTOMER_ID));
    return orders.filter(col(STATUS).notEqual(lit(CANCELLED)));
  }

  /** Daily revenue by country and category (NULL attributes reported as "unknown"). */
  public static Dataset<Row> dailyRevenue(Dataset<Row> orders) {
    return billable(orders)
        .groupBy(
            col(ORDER_DATE),
            coalesce(col(CUSTOMER_COUNTRY), lit(UNKNOWN)).as(COUNTRY),
            coalesce(col(PRODUCT_CATEGORY), lit(UNKNOWN)).as(CATEGORY))
        .agg(
            count(lit(1)).as(ORDERS),
            sum(col(QUANTITY)).cast(DataTypes.LongType).as(UNITS),
            sum(col(AMOUNT_USD)).cast(DataTypes.createDecimalType(24, 2)).as(REVENUE_USD));
  }

  /**
   * Lifetime value per customer who ever placed an order: first and last order placed, and the
   * count and revenue of the orders not cancelled (zero when all were). Every customer keeps a
   * row, so a cancellation updates the row instead of leaving a stale one behind. Country is the
   * one of the customer's latest order.
   */
  public static Dataset<Row> customerLtv(Dataset<Row> orders) {
    Transforms.requireColumns("aggregate lifetime value", orders, List.of(STATUS, AMOUNT_USD, ORDER_DATE, CUSTOMER_ID, ORDER_TS));
    Column kept = col(STATUS).notEqual(lit(CANCELLED));
    return orders
        .groupBy(col(CUSTOMER_ID))
        .agg(
            coalesce(max_by(col(CUSTOMER_COUNTRY), col(ORDER_TS)), lit(UNKNOWN)).as(COUNTRY),
            min(col(ORDER_DATE)).as(FIRST_ORDER_DATE),
            max(col(ORDER_DATE)).as(LAST_ORDER_DATE),
            count(when(kept, lit(1))).as(ORDERS),
            coalesce(sum(when(kept, col(AMOUNT_USD))), lit(0)).cast(DataTypes.createDecimalType(24, 2)).as(LIFETIME_REVENUE_USD));
  }
}
