package io.lakeshore.jobs.curation;

import static io.lakeshore.testkit.Rows.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.job.Scd2;
import io.lakeshore.core.transform.Typed;
import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CurationTransformsTest {
  private final SparkSession spark = TestSpark.spark();

  private Dataset<Row> rows(StructType schema, Object[]... rows) {
    return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), schema);
  }

  private static final StructType EVENTS = new StructType()
      .add("event_id", "string").add("order_id", "string").add("customer_id", "string").add("product_id", "string")
      .add("status", "string").add("quantity", "int").add("amount", "decimal(12,2)").add("currency", "string")
      .add("amount_usd", "decimal(14,2)").add("order_ts", "timestamp").add("event_ts", "timestamp")
      .add("customer_country", "string").add("product_category", "string").add("order_date", "date");

  private static Object[] event(String id, String order, String status, String eventTs) {
    return new Object[] {id, order, "C1", "P1", status, 1, new java.math.BigDecimal("5.00"), "USD",
        new java.math.BigDecimal("5.00"), Timestamp.valueOf("2026-01-01 10:00:00"), Timestamp.valueOf(eventTs), "DE", "toys",
        Date.valueOf("2026-01-01")};
  }

  @Test
  void latestEventPerOrderWinsWithTiesBrokenByEventId() {
    Dataset<Row> latest = latest(rows(EVENTS,
        event("e1", "o1", "CREATED", "2026-01-01 10:00:00"),
        event("e2", "o1", "PAID", "2026-01-03 09:00:00"),
        event("e3", "o2", "CREATED", "2026-01-01 11:00:00"),
        event("e5", "o2", "SHIPPED", "2026-01-02 11:00:00"),
        event("e4", "o2", "PAID", "2026-01-02 11:00:00")));
    assertThat(lines(latest, "order_id", "status", "last_event_id", "order_date"))
        .containsExactly("o1|PAID|e2|2026-01-01", "o2|SHIPPED|e5|2026-01-01");
  }

  private static Dataset<Row> latest(Dataset<Row> events) {
    return Typed.toTable(CurationTransforms.latestPerOrder(Typed.fromTable(events, OrderEvent.ENCODER)));
  }

  private static final StructType SNAPSHOTS = new StructType()
      .add("customer_id", "string").add("name", "string").add("email", "string").add("country", "string")
      .add("segment", "string").add("snapshot_date", "date");
  private static final StructType DIM = new StructType()
      .add("customer_id", "string").add("name", "string").add("email", "string").add("country", "string")
      .add("segment", "string").add("valid_from", "date").add("valid_to", "date");

  private static Object[] snap(String id, String country, String day) {
    return new Object[] {id, "N", "n@x.io", country, "consumer", Date.valueOf(day)};
  }

  @Test
  void scd2CollapsesEqualDaysAndClosesThePriorVersion() {
    Dataset<Row> known = rows(DIM,
        new Object[] {"c1", "N", "n@x.io", "DE", "consumer", Date.valueOf("2025-12-01"), null},
        new Object[] {"c2", "N", "n@x.io", "FR", "consumer", Date.valueOf("2025-12-01"), null});
    Dataset<Row> snapshots = rows(SNAPSHOTS,
        snap("c1", "DE", "2026-01-01"), snap("c1", "NL", "2026-01-02"), snap("c1", "NL", "2026-01-03"),
        snap("c2", "FR", "2026-01-01"), snap("c2", "FR", "2026-01-02"), snap("c2", "FR", "2026-01-03"),
        snap("c3", "US", "2026-01-02"), snap("c3", "US", "2026-01-03"));
    assertThat(lines(CurationTransforms.CUSTOMER_VERSIONS.versions(known, snapshots), "customer_id", "country", "valid_from", "valid_to", "is_current"))
        .containsExactly(
            "c1|DE|2025-12-01|2026-01-02|false",
            "c1|NL|2026-01-02|null|true",
            "c2|FR|2025-12-01|null|true",
            "c3|US|2026-01-02|null|true");
  }

  @Test
  void scd2RecomputedForAnEarlierWindowKeepsLaterVersions() {
    // the dimension after days 1..3; now day 2 is processed again
    Dataset<Row> dimension = rows(DIM,
        new Object[] {"c1", "N", "n@x.io", "DE", "consumer", Date.valueOf("2026-01-01"), Date.valueOf("2026-01-02")},
        new Object[] {"c1", "N", "n@x.io", "NL", "consumer", Date.valueOf("2026-01-02"), Date.valueOf("2026-01-03")},
        new Object[] {"c1", "N", "n@x.io", "GB", "consumer", Date.valueOf("2026-01-03"), null});
    // the chain is rebuilt from the version in effect before day 2 and every snapshot from day 2 on
    Dataset<Row> known = dimension.filter(Scd2.inEffectBefore(LocalDate.parse("2026-01-02")));
    assertThat(lines(known, "country")).containsExactly("DE");
    assertThat(lines(CurationTransforms.CUSTOMER_VERSIONS.versions(known,
                rows(SNAPSHOTS, snap("c1", "NL", "2026-01-02"), snap("c1", "GB", "2026-01-03"))),
            "country", "valid_from", "valid_to", "is_current"))
        .containsExactly(
            "DE|2026-01-01|2026-01-02|false",
            "GB|2026-01-03|null|true",
            "NL|2026-01-02|2026-01-03|false");
  }
}
