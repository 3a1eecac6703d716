package io.lakeshore.jobs.aggregation;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The serving marts this job owns, and the curated columns it reads. */
public final class ServingTables {
  // curated.orders, as published by the curation job (the columns read: CuratedOrder)
  public static final TableId CURATED_ORDERS = TableId.of("curated", "orders");
  public static final String CUSTOMER_ID = "customer_id";
  public static final String ORDER_DATE = "order_date";
  public static final String CANCELLED = "CANCELLED";

  // owned here
  public static final String COUNTRY = "country";
  public static final String CATEGORY = "category";
  public static final String ORDERS = "orders";
  public static final String UNITS = "units";
  public static final String REVENUE_USD = "revenue_usd";
  public static final String FIRST_ORDER_DATE = "first_order_date";
  public static final String LAST_ORDER_DATE = "last_order_date";
  public static final String LIFETIME_REVENUE_USD = "lifetime_revenue_usd";

  /** Revenue per order date, customer country and product category; cancelled orders excluded. */
  public static final TableSpec DAILY_REVENUE =
      TableSpec.of(
          TableId.of("serving", "daily_revenue"),
          AuditColumns.appendTo(
              new StructType()
                  .add(ORDER_DATE, DataTypes.DateType, false)
                  .add(COUNTRY, DataTypes.StringType, false)
                  .add(CATEGORY, DataTypes.StringType, false)
                  .add(ORDERS, DataTypes.LongType, false)
                  .add(UNITS, DataTypes.LongType, false)
                  .add(REVENUE_USD, DataTypes.createDecimalType(20, 2), false)),
          ORDER_DATE);

  /** Lifetime value per customer who ever ordered; revenue and order count exclude cancelled orders. */
  public static final TableSpec CUSTOMER_LTV =
      TableSpec.of(
          TableId.of("serving", "customer_ltv"),
          AuditColumns.appendTo(
              new StructType()
                  .add(CUSTOMER_ID, DataTypes.StringType, false)
                  .add(COUNTRY, DataTypes.StringType, false)
                  .add(FIRST_ORDER_DATE, DataTypes.DateType, false)
                  .add(LAST_ORDER_DATE, DataTypes.DateType, false)
                  .add(ORDERS, DataTypes.LongType, false)
                  .add(LIFETIME_REVENUE_USD, DataTypes.createDecimalType(20, 2), false)));

  private ServingTables() {}
}
