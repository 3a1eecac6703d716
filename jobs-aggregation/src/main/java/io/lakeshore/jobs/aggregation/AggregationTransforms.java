package io.lakeshore.jobs.aggregation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    SparkSession spark = orders.sparkSession();
    return customerLtv(spark.emptyDataset(CustomerLifetimeValue.ENCODER), spark.emptyDataset(CuratedOrder.ENCODER), orders);
  }

  /**
   * The lifetime values {@code current} holds, brought up to date with a change of the orders:
   * {@code before} and {@code after} are the changed partitions as they were when {@code current}
   * was computed and as they are now. Counts and revenue add what {@code after} contributes and
   * take away what {@code before} did; first and last order dates widen to {@code after}'s; the
   * country is {@code after}'s where its latest order date is at least the current last one (a
   * changed partition holds all of its date's orders). Only customers with orders in either side
   * are returned. Orders keep their date and are never deleted (curation merges by order and
   * date), so the dates only widen.
   */
  public static Dataset<CustomerLifetimeValue> customerLtv(
      Dataset<CustomerLifetimeValue> current, Dataset<CuratedOrder> before, Dataset<CuratedOrder> after) {
    // aliased: before and after may be read from the same table, and their columns must not be confused
    Dataset<Row> was = contributions(before).select(col("customerId").as("wasCustomerId"), col("orders").as("wasOrders"),
        col("revenue").as("wasRevenue"));
    Dataset<Row> is = contributions(after);
    Dataset<Row> delta = is.join(was, is.col("customerId").equalTo(was.col("wasCustomerId")), "full_outer")
        .select(
            coalesce(is.col("customerId"), was.col("wasCustomerId")).as("customerId"),
            coalesce(col("orders"), lit(0L)).minus(coalesce(col("wasOrders"), lit(0L))).as("dOrders"),
            coalesce(col("revenue"), lit(0)).minus(coalesce(col("wasRevenue"), lit(0))).as("dRevenue"),
            col("first"), col("last"), col("latestCountry"));
    Dataset<Row> cur = current.toDF();
    Column last = greatest(cur.col("lastOrderDate"), delta.col("last"));
    Column afterIsLatest = delta.col("last").isNotNull()
        .and(cur.col("lastOrderDate").isNull().or(delta.col("last").geq(cur.col("lastOrderDate"))));
    return delta.join(cur, delta.col("customerId").equalTo(cur.col("customerId")), "left")
        .select(
            delta.col("customerId").as("customerId"),
            when(afterIsLatest, coalesce(delta.col("latestCountry"), lit(UNKNOWN))).otherwise(cur.col("country")).as("country"),
            least(cur.col("firstOrderDate"), delta.col("first")).as("firstOrderDate"),
            last.as("lastOrderDate"),
            coalesce(cur.col("orders"), lit(0L)).plus(col("dOrders")).as("orders"),
            coalesce(cur.col("lifetimeRevenueUsd"), lit(0)).plus(col("dRevenue")).cast(MONEY).as("lifetimeRevenueUsd"))
        .filter(col("firstOrderDate").isNotNull())
        .as(CustomerLifetimeValue.ENCODER);
  }

  /** Per customer: orders and revenue not cancelled, first and last order date, country of the latest order. */
  private static Dataset<Row> contributions(Dataset<CuratedOrder> orders) {
    return orders.toDF()
        .groupBy(col("customerId"))
        .agg(
            count(when(kept(), lit(1))).as("orders"),
            coalesce(sum(when(kept(), col("amountUsd"))), lit(0)).cast(MONEY).as("revenue"),
            min(col("orderDate")).as("first"),
            max(col("orderDate")).as("last"),
            max_by(col("customerCountry"), col("orderTs")).as("latestCountry"));
  }
}
