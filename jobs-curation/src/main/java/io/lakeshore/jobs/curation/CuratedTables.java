package io.lakeshore.jobs.curation;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.job.Scd2;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tables this job reads (by name and column: the contract with enrichment) and owns. */
public final class CuratedTables {
  // golden.orders and golden.customers, as published by the enrichment job
  public static final TableId GOLDEN_ORDERS = TableId.of("golden", "orders");
  public static final TableId GOLDEN_CUSTOMERS = TableId.of("golden", "customers");
  public static final String ORDER_ID = "order_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String STATUS = "status";
  public static final String QUANTITY = "quantity";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String AMOUNT_USD = "amount_usd";
  public static final String ORDER_TS = "order_ts";
  public static final String CUSTOMER_COUNTRY = "customer_country";
  public static final String PRODUCT_CATEGORY = "product_category";
  public static final String ORDER_DATE = "order_date";
  public static final String INGEST_DATE = "ingest_date";
  public static final String NAME = "name";
  public static final String EMAIL = "email";
  public static final String COUNTRY = "country";
  public static final String SEGMENT = "segment";
  public static final String SNAPSHOT_DATE = "snapshot_date";

  // owned here
  public static final String LAST_EVENT_ID = "last_event_id";
  public static final String LAST_EVENT_TS = "last_event_ts";

  /** The latest state of every order, in its order date's partition. */
  public static final TableSpec ORDERS =
      TableSpec.of(
          TableId.of("curated", "orders"),
          AuditColumns.appendTo(
              new StructType()
                  .add(ORDER_ID, DataTypes.StringType, false)
                  .add(CUSTOMER_ID, DataTypes.StringType, false)
                  .add(PRODUCT_ID, DataTypes.StringType, false)
                  .add(STATUS, DataTypes.StringType, false)
                  .add(QUANTITY, DataTypes.IntegerType, false)
                  .add(AMOUNT, DataTypes.createDecimalType(12, 2), false)
                  .add(CURRENCY, DataTypes.StringType, false)
                  .add(AMOUNT_USD, DataTypes.createDecimalType(14, 2), false)
                  .add(ORDER_TS, DataTypes.TimestampType, false)
                  .add(LAST_EVENT_ID, DataTypes.StringType, false)
                  .add(LAST_EVENT_TS, DataTypes.TimestampType, false)
                  .add(CUSTOMER_COUNTRY, DataTypes.StringType, true)
                  .add(PRODUCT_CATEGORY, DataTypes.StringType, true)
                  .add(ORDER_DATE, DataTypes.DateType, false)),
          ORDER_DATE);

  /** SCD2 customer dimension ({@link Scd2}): one row per version; valid_to is exclusive, NULL while current. */
  public static final TableSpec CUSTOMERS =
      TableSpec.of(
          TableId.of("curated", "customers"),
          AuditColumns.appendTo(Scd2.appendTo(
              new StructType()
                  .add(CUSTOMER_ID, DataTypes.StringType, false)
                  .add(NAME, DataTypes.StringType, true)
                  .add(EMAIL, DataTypes.StringType, true)
                  .add(COUNTRY, DataTypes.StringType, false)
                  .add(SEGMENT, DataTypes.StringType, true))));

  private CuratedTables() {}
}
