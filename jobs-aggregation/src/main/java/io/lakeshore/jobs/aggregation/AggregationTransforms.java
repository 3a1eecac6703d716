package io.lakeshore.jobs.aggregation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;

/**
 * The marts as typed functions of curated orders: {@link CuratedOrder} in, {@link DailyRevenue}
 * and {@link CustomerLifetimeValue} out, Column expressions inside (the bean properties are the
 * column names within).
 */
public final class AggregationTransforms {
  static final String UNKNOWN = "unknown";
  static final String CANCELLED = ServingTables.CANCELLED;
  /** Sums fit decimal(20,2), which the bean Encoder's decimal(38,18) can hold without loss. */
  static final org.apache.spark.sql.types.DecimalType MONEY = DataTypes.createDecimalType(20, 2);

  private AggregationTransforms() {}

  private static Column kept() {
    return col("status").notEqual(lit(CANCELLED));
  }

  /** Daily revenue by country and category of orders not cancelled; NULL attributes as "unknown". */
  public static Dataset<DailyRevenue> dailyRevenue(Dataset<CuratedOrder> orders) {
    return orders.toDF()
        .filter(kept())
        .groupBy(
            col("orderDate"),
            coalesce(col("customerCountry"), lit(UNKNOWN)).as("country"),
            coalesce(col("productCategory"), lit(UNKNOWN)).as("category"))
        .agg(
            count(lit(1)).as("orders"),
            sum(col("quantity")).cast(DataTypes.LongType).as("units"),
            sum(col("amountUsd")).cast(MONEY).as("revenueUsd"))
        .as(DailyRevenue.ENCODER);
  }

  /**
   * Lifetime value per customer who ever placed an order: first and last order placed, and the
   * count and revenue of the orders not cancelled (zero when all were). Every customer keeps a
   * row, so a cancellation updates the row instead of leaving a stale one behind. Country is the
   * one of the customer's latest order.
   */
  public static Dataset<CustomerLifetimeValue> customerLtv(Dataset<CuratedOrder> orders) {
    return orders.toDF()
        .groupBy(col("customerId"))
        .agg(
            coalesce(max_by(col("customerCountry"), col("orderTs")), lit(UNKNOWN)).as("country"),
            min(col("orderDate")).as("firstOrderDate"),
            max(col("orderDate")).as("lastOrderDate"),
            count(when(kept(), lit(1))).as("orders"),
            coalesce(sum(when(kept(), col("amountUsd"))), lit(0)).cast(MONEY).as("lifetimeRevenueUsd"))
        .as(CustomerLifetimeValue.ENCODER);
  }
}
