package io.lakeshore.jobs.enrichment;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.quality.QualityCheck;
import io.lakeshore.core.transform.Typed;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class OrderTransformsTest {
  private final SparkSession spark = TestSpark.spark();
  private static final String DAY = "2026-01-10";

  private static String event(String id, String customer, String amount, String orderTs) {
    return "{\"event_id\":\"" + id + "\",\"order_id\":\"O" + id + "\""
        + (customer == null ? "" : ",\"customer_id\":\"" + customer + "\"")
        + ",\"product_id\":\"P1\",\"status\":\"CREATED\",\"quantity\":2,\"amount\":" + amount
        + ",\"currency\":\"EUR\",\"order_ts\":\"" + orderTs + "\",\"event_ts\":\"" + orderTs + "\"}";
  }

  private Dataset<Row> raw(String... text) {
    // lines as the raw zone reads them: the record, the bytes of a record that did not decode, the date
    List<Row> rows = java.util.Arrays.stream(text).map(t -> RowFactory.create(t, null, Date.valueOf(DAY))).toList();
    return spark.createDataFrame(rows, new StructType().add("raw_record", DataTypes.StringType)
        .add("raw_bytes", DataTypes.BinaryType).add("ingest_date", DataTypes.DateType));
  }

  private Dataset<Row> dim(StructType schema, Object[]... rows) {
    return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  @Test
  void parseTypesFieldsAndKeepsTheRawLine() {
    Dataset<Row> parsed = OrderTransforms.parse(raw(event("1", "C1", "12.50", "2026-01-10T08:00:00Z"), "{broken"));
    assertThat(lines(parsed, "event_id", "amount", "quantity", "order_ts", "order_date", "_corrupt_record"))
        .containsExactly(
            "1|12.50|2|2026-01-10 08:00:00.0|2026-01-10|null",
            "null|null|null|null|null|{broken");
  }

  @Test
  void rulesQuarantineEachFaultUnderItsOwnRuleAndEnrichTheRest() {
    Dataset<Row> customers = dim(new StructType().add("customer_id", "string").add("snapshot_date", "date")
            .add("country", "string").add("segment", "string"),
        new Object[] {"C1", Date.valueOf(DAY), "DE", "consumer"});
    Dataset<Row> products = dim(new StructType().add("product_id", "string").add("snapshot_date", "date").add("category", "string"),
        new Object[] {"P1", Date.valueOf(DAY), "toys"});
    Dataset<Row> rates = dim(new StructType().add("currency", "string").add("rate_date", "date").add("usd_rate", "decimal(18,6)"),
        new Object[] {"EUR", Date.valueOf(DAY), new java.math.BigDecimal("1.100000")});
    QualityCheck check = QualityCheck.of(java.util.stream.Stream.concat(
        OrderTransforms.INPUT.rules().stream(), OrderTransforms.rules(customers, products, rates, 7).stream()).toList());
    Dataset<Row> classified = check.classify(OrderTransforms.parse(raw(
        event("ok", "C1", "10.00", "2026-01-10T08:00:00Z"),
        "not json",
        event("nocust", null, "10.00", "2026-01-10T08:00:00Z"),
        event("text", "C1", "\"ten\"", "2026-01-10T08:00:00Z"),
        event("neg", "C1", "-3.00", "2026-01-10T08:00:00Z"),
        event("old", "C1", "10.00", "2026-01-01T08:00:00Z"),
        event("future", "C1", "10.00", "2026-01-11T08:00:00Z"),
        event("ghost", "C404", "10.00", "2026-01-10T08:00:00Z"),
        event("late", "C1", "10.00", "2026-01-04T08:00:00Z")))).cache();
    assertThat(lines(classified.filter(col(QualityCheck.RULE).isNotNull()), "event_id", QualityCheck.RULE, QualityCheck.REASON))
        .containsExactly(
            "future|order_not_after_ingest|order date after ingest date: 2026-01-11",
            "ghost|customer_exists|customer_id has no match in the dimension: C404",
            "neg|amount_non_negative|amount out of range [0, +inf]: -3.00",
            "nocust|customer_id_present|customer_id is missing",
            "null|well_formed|line is not a JSON object with unique keys",
            "old|order_within_lateness|order date more than 7 days before ingest date: 2026-01-01",
            "text|amount_is_number|amount_text is not a decimal number: ten");
    Dataset<Row> golden = Typed.toTable(OrderTransforms.toGolden(check.valid(classified)));
    assertThat(lines(golden, "event_id", "amount", "amount_usd", "customer_country", "customer_segment", "product_category", "order_date", "ingest_date"))
        .containsExactly(
            "late|10.00|11.00|DE|consumer|toys|2026-01-04|2026-01-10",
            "ok|10.00|11.00|DE|consumer|toys|2026-01-10|2026-01-10");
    // the typed edge yields exactly the golden table's columns and types (audit columns aside)
    org.apache.spark.sql.types.StructType declared = GoldenTables.ORDERS.schema();
    assertThat(java.util.Arrays.stream(golden.schema().fields()).map(f -> f.name() + " " + f.dataType().simpleString()).sorted().toList())
        .isEqualTo(java.util.Arrays.stream(declared.fields()).filter(f -> !io.lakeshore.core.audit.AuditColumns.ALL.contains(f.name()))
            .map(f -> f.name() + " " + f.dataType().simpleString()).sorted().toList());
  }
}
