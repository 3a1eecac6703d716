package io.lakeshore.jobs.enrichment;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The golden tables this job owns. Other jobs read them by name and column, never through this
 * class: the table is the contract between jobs.
 */
public final class GoldenTables {
  public static final String EVENT_ID = "event_id";
  public static final String ORDER_ID = "order_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String STATUS = "status";
  public static final String QUANTITY = "quantity";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String AMOUNT_USD = "amount_usd";
  public static final String ORDER_TS = "order_ts";
  public static final String EVENT_TS = "event_ts";
  public static final String CUSTOMER_COUNTRY = "customer_country";
  public static final String CUSTOMER_SEGMENT = "customer_segment";
  public static final String PRODUCT_CATEGORY = "product_category";
  public static final String RESCUED_DATA = "rescued_data";
  public static final String ORDER_DATE = "order_date";
  public static final String INGEST_DATE = "ingest_date";

  public static final String NAME = "name";
  public static final String EMAIL = "email";
  public static final String COUNTRY = "country";
  public static final String SEGMENT = "segment";
  public static final String CATEGORY = "category";
  public static final String LIST_PRICE = "list_price";
  public static final String SNAPSHOT_DATE = "snapshot_date";

  /** Order events, validated and enriched; late events land in their order date's partition. */
  public static final TableSpec ORDERS =
      TableSpec.of(
          TableId.of("golden", "orders"),
          AuditColumns.appendTo(
              new StructType()
                  .add(EVENT_ID, DataTypes.StringType, false)
                  .add(ORDER_ID, DataTypes.StringType, false)
                  .add(CUSTOMER_ID, DataTypes.StringType, false)
                  .add(PRODUCT_ID, DataTypes.StringType, false)
                  .add(STATUS, DataTypes.StringType, false)
                  .add(QUANTITY, DataTypes.IntegerType, false)
                  .add(AMOUNT, DataTypes.createDecimalType(12, 2), false)
                  .add(CURRENCY, DataTypes.StringType, false)
                  .add(AMOUNT_USD, DataTypes.createDecimalType(14, 2), false)
                  .add(ORDER_TS, DataTypes.TimestampType, false)
                  .add(EVENT_TS, DataTypes.TimestampType, false)
                  .add(CUSTOMER_COUNTRY, DataTypes.StringType, true)
                  .add(CUSTOMER_SEGMENT, DataTypes.StringType, true)
                  .add(PRODUCT_CATEGORY, DataTypes.StringType, true)
                  // fields of the event the schema above does not know, as JSON: kept, not dropped
                  .add(RESCUED_DATA, DataTypes.StringType, true)
                  .add(ORDER_DATE, DataTypes.DateType, false)
                  .add(INGEST_DATE, DataTypes.DateType, false)),
          // ingest_date as a second level keeps a rerun's overwrite partition-aligned on both
          // formats even though late events share order-date partitions with earlier runs.
          ORDER_DATE,
          INGEST_DATE);

  /** Daily customer snapshots. */
  public static final TableSpec CUSTOMERS =
      TableSpec.of(
          TableId.of("golden", "customers"),
          AuditColumns.appendTo(
              new StructType()
                  .add(CUSTOMER_ID, DataTypes.StringType, false)
                  .add(NAME, DataTypes.StringType, true)
                  .add(EMAIL, DataTypes.StringType, true)
                  .add(COUNTRY, DataTypes.StringType, false)
                  .add(SEGMENT, DataTypes.StringType, true)
                  .add(SNAPSHOT_DATE, DataTypes.DateType, false)),
          SNAPSHOT_DATE);

  /** Daily product snapshots. */
  public static final TableSpec PRODUCTS =
      TableSpec.of(
          TableId.of("golden", "products"),
          AuditColumns.appendTo(
              new StructType()
                  .add(PRODUCT_ID, DataTypes.StringType, false)
                  .add(NAME, DataTypes.StringType, true)
                  .add(CATEGORY, DataTypes.StringType, false)
                  .add(LIST_PRICE, DataTypes.createDecimalType(12, 2), false)
                  .add(SNAPSHOT_DATE, DataTypes.DateType, false)),
          SNAPSHOT_DATE);

  private GoldenTables() {}
}
