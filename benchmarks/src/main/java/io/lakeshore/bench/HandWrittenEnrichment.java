package io.lakeshore.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The commerce enrichment of one day written by hand in plain Spark, as a careful engineer would
 * without a library: the same rules in the same order, the same quarantine, dedupe and joins, and
 * a partitioned replace (Delta replaceWhere) of the day. No etl-core: no run report, ledger, gates
 * or audit of commits.
 */
final class HandWrittenEnrichment {
  private static final StructType ORDER_TEXT = new StructType()
      .add("event_id", "string").add("order_id", "string").add("customer_id", "string").add("product_id", "string")
      .add("status", "string").add("quantity", "string").add("amount", "string").add("currency", "string")
      .add("order_ts", "string").add("event_ts", "string").add("_corrupt_record", "string");

  private HandWrittenEnrichment() {}

  static void run(SparkSession spark, String raw, String lake, LocalDate day, int latenessDays) {
    String d = day.toString();
    Dataset<Row> customers = csv(spark, raw + "/customers/date=" + d, "customer_id", "name", "email", "country", "segment")
        .withColumn("rule", when(col("_corrupt_record").isNotNull(), "well_formed")
            .when(col("customer_id").isNull(), "customer_id_present")
            .when(col("country").isNull(), "country_present")
            .when(not(col("country").rlike("^[A-Z]{2}$")), "country_is_iso_code"))
        .cache();
    Dataset<Row> products = csv(spark, raw + "/products/date=" + d, "product_id", "name", "category", "list_price")
        .withColumn("price", col("list_price").try_cast(DataTypes.createDecimalType(12, 2)))
        .withColumn("rule", when(col("_corrupt_record").isNotNull(), "well_formed")
            .when(col("product_id").isNull(), "product_id_present")
            .when(col("category").isNull(), "category_present")
            .when(col("list_price").isNotNull().and(col("price").isNull()), "list_price_is_number")
            .when(col("price").lt(0), "list_price_non_negative"))
        .cache();
    Dataset<Row> rates = csv(spark, raw + "/fx_rates/date=" + d, "currency", "usd_rate")
        .select(col("currency").as("r_currency"), col("usd_rate").try_cast(DataTypes.createDecimalType(18, 6)).as("usd_rate"));

    Dataset<Row> j = spark.read().text(raw + "/orders/date=" + d)
        .select(col("value").as("raw_record"),
            from_json(col("value"), ORDER_TEXT, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", "_corrupt_record")).as("j"))
        .select(col("raw_record"), col("j.*"));
    Dataset<Row> typed = j
        .withColumn("qty", col("quantity").try_cast(DataTypes.IntegerType))
        .withColumn("amt", col("amount").try_cast(DataTypes.createDecimalType(12, 2)))
        .withColumn("ots", col("order_ts").try_cast(DataTypes.TimestampType))
        .withColumn("ets", col("event_ts").try_cast(DataTypes.TimestampType))
        .withColumn("order_date", to_date(col("ots")))
        .join(broadcast(customers.filter(col("rule").isNull()).select(col("customer_id").as("c_id"),
            col("country").as("customer_country"), col("segment").as("customer_segment"), lit(true).as("c_ok")).dropDuplicates("c_id")),
            col("customer_id").equalTo(col("c_id")), "left")
        .join(broadcast(products.filter(col("rule").isNull()).select(col("product_id").as("p_id"),
            col("category").as("product_category"), lit(true).as("p_ok")).dropDuplicates("p_id")),
            col("product_id").equalTo(col("p_id")), "left")
        .join(broadcast(rates.filter(col("usd_rate").isNotNull()).dropDuplicates("r_currency")),
            col("currency").equalTo(col("r_currency")), "left");
    Column lateLimit = lit(day.minusDays(latenessDays));
    Dataset<Row> classified = typed.withColumn("rule",
            when(col("_corrupt_record").isNotNull(), "well_formed")
                .when(col("event_id").isNull(), "event_id_present")
                .when(col("order_id").isNull(), "order_id_present")
                .when(col("customer_id").isNull(), "customer_id_present")
                .when(col("product_id").isNull(), "product_id_present")
                .when(col("amount").isNull(), "amount_present")
                .when(col("amt").isNull(), "amount_is_number")
                .when(col("quantity").isNotNull().and(col("qty").isNull()), "quantity_is_integer")
                .when(col("order_ts").isNull(), "order_ts_present")
                .when(col("ots").isNull(), "order_ts_is_timestamp")
                .when(col("ets").isNull(), "event_ts_valid")
                .when(col("amt").lt(0), "amount_non_negative")
                .when(col("qty").lt(1), "quantity_positive")
                .when(not(col("status").isin("CREATED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED")), "status_known")
                .when(col("order_date").lt(lateLimit), "order_within_lateness")
                .when(col("order_date").gt(lit(day)), "order_not_after_ingest")
                .when(col("usd_rate").isNull(), "currency_known")
                .when(col("c_ok").isNull(), "customer_exists")
                .when(col("p_ok").isNull(), "product_exists"))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Column ingest = lit(day);
    replace(classified.filter(col("rule").isNotNull())
            .select(col("rule"), col("raw_record"), ingest.as("ingest_date"), current_timestamp().as("processed_at")),
        lake + "/quarantine/orders", "ingest_date = '" + d + "'", "ingest_date");
    Dataset<Row> golden = classified.filter(col("rule").isNull())
        .withColumn("rn", row_number().over(Window.partitionBy("event_id").orderBy("raw_record")))
        .filter(col("rn").equalTo(1))
        .select(col("event_id"), col("order_id"), col("customer_id"), col("product_id"), col("status"), col("qty").as("quantity"),
            col("amt").as("amount"), col("currency"),
            round(col("amt").multiply(col("usd_rate")), 2).cast(DataTypes.createDecimalType(14, 2)).as("amount_usd"),
            col("ots").as("order_ts"), col("ets").as("event_ts"), col("customer_country"), col("customer_segment"),
            col("product_category"), col("order_date"), ingest.as("ingest_date"), current_timestamp().as("processed_at"));
    replace(golden, lake + "/golden/orders",
        "order_date >= '" + day.minusDays(latenessDays) + "' AND order_date <= '" + d + "' AND ingest_date = '" + d + "'",
        "order_date", "ingest_date");
    classified.unpersist();

    replace(customers.filter(col("rule").isNull()).dropDuplicates("customer_id").drop("rule", "_corrupt_record")
        .withColumn("snapshot_date", ingest), lake + "/golden/customers", "snapshot_date = '" + d + "'", "snapshot_date");
    replace(products.filter(col("rule").isNull()).dropDuplicates("product_id").drop("rule", "_corrupt_record", "list_price")
        .withColumnRenamed("price", "list_price").withColumn("snapshot_date", ingest), lake + "/golden/products",
        "snapshot_date = '" + d + "'", "snapshot_date");
    customers.unpersist();
    products.unpersist();
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  private static Dataset<Row> csv(SparkSession spark, String path, String... fields) {
    StructType schema = new StructType();
    for (String f : fields) {
      schema = schema.add(f, "string");
    }
    return spark.read().option("header", "true").option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record").schema(schema.add("_corrupt_record", "string")).csv(path);
  }

  private static void replace(Dataset<Row> rows, String path, String where, String... partitions) {
    rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", where).partitionBy(partitions).save(path);
  }
}
