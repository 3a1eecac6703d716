package io.lakeshore.core.quality;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.testkit.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QualityCheckTest {
  private final SparkSession spark = TestSpark.spark();
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("amount", DataTypes.IntegerType)
          .add("status", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("customer", DataTypes.StringType);

  private Dataset<Row> input() {
    return spark.createDataFrame(
        List.of(
            RowFactory.create("1", 10, "NEW", "a@x.io", "c1"),
            RowFactory.create(null, -5, "NEW", "a@x.io", "c1"), // two violations: first rule wins
            RowFactory.create("3", -5, "NEW", "bad", "c1"),
            RowFactory.create("4", 10, "ODD", "a@x.io", "c1"),
            RowFactory.create("5", 10, "NEW", "bad", "c9"),
            RowFactory.create("6", null, "NEW", null, null)), // NULLs pass range, pattern and reference
        SCHEMA);
  }

  private Dataset<Row> customers() {
    return spark.createDataFrame(List.of(RowFactory.create("c1", "DE")),
        new StructType().add("customer_id", DataTypes.StringType).add("country", DataTypes.StringType));
  }

  private QualityCheck check() {
    return QualityCheck.of(
        Expectations.notNull("id_present", "id"),
        Expectations.inRange("amount_non_negative", "amount", 0, null),
        Expectations.oneOf("status_known", "status", List.of("NEW", "DONE")).action(Action.DROP),
        Expectations.matches("email_format", "email", "^[^@]+@[^@]+$").action(Action.WARN),
        Expectations.references("customer_exists", "customer", customers(), "customer_id", "country"));
  }

  @Test
  void classifiesEachRowUnderItsFirstBlockingRule() {
    QualityCheck check = check();
    Dataset<Row> classified = check.classify(input()).cache();
    assertThat(lines(classified, "id", QualityCheck.RULE, QualityCheck.ACTION, QualityCheck.REASON))
        .containsExactly(
            "1|null|null|null",
            "3|amount_non_negative|QUARANTINE|amount out of range [0, +inf]: -5",
            "4|status_known|DROP|status not in [DONE, NEW]: ODD",
            "5|customer_exists|QUARANTINE|customer has no match in the dimension: c9",
            "6|null|null|null",
            "null|id_present|QUARANTINE|id is missing");
    // valid rows keep the dimension's carried columns and lose the helpers
    assertThat(lines(check.valid(classified), "id", "country")).containsExactly("1|DE", "6|null");
    assertThat(check.valid(classified).columns()).containsExactly("id", "amount", "status", "email", "customer", "country");
    assertThat(lines(check.quarantined(classified, col("id"), lit("2026-01-01").cast("date"))))
        .containsExactly(
            // rule | reason | raw record | raw bytes (only for records that did not decode) | ingest date
            "amount_non_negative|amount out of range [0, +inf]: -5|3|null|2026-01-01",
            "customer_exists|customer has no match in the dimension: c9|5|null|2026-01-01",
            "id_present|id is missing|null|null|2026-01-01");
  }

  @Test
  void countsEveryRuleInOnePass() {
    QualityCheck check = check();
    QualityCounts counts = check.count(check.classify(input()), Map.of("ids", functionsCountDistinct()));
    assertThat(counts.rows()).isEqualTo(6);
    assertThat(counts.violations())
        .containsExactly(
            Map.entry("id_present", 1L),
            Map.entry("amount_non_negative", 1L),
            Map.entry("status_known", 1L),
            Map.entry("email_format", 2L),
            Map.entry("customer_exists", 1L));
    assertThat(counts.withAction(Action.QUARANTINE)).isEqualTo(3);
    assertThat(counts.withAction(Action.DROP)).isEqualTo(1);
    assertThat(counts.extra("ids")).isEqualTo(5);
    counts.failIfBlocked("golden.things"); // no FAIL rule: passes
  }

  private static org.apache.spark.sql.Column functionsCountDistinct() {
    return org.apache.spark.sql.functions.count_distinct(col("id"));
  }

  @Test
  void aFailRuleBlocksTheCommit() {
    QualityCheck check = QualityCheck.of(Expectations.inRange("amount_non_negative", "amount", 0, null).action(Action.FAIL));
    QualityCounts counts = check.count(check.classify(input()), Map.of());
    assertThatThrownBy(() -> counts.failIfBlocked("golden.things"))
        .isInstanceOf(QualityException.class)
        .hasMessage("Cannot commit golden.things: expectation amount_non_negative failed on 2 of 6 rows (action FAIL)");
  }

  @Test
  void missingColumnsFailBeforeAnySparkAction() {
    QualityCheck check = QualityCheck.of(Expectations.notNull("ts_present", "event_ts"));
    assertThatThrownBy(() -> check.classify(input()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot check expectations: missing columns [event_ts] in [id, amount, status, email, customer]");
  }

  @Test
  void duplicateRuleNamesAreRefused() {
    assertThatThrownBy(() -> QualityCheck.of(Expectations.notNull("x", "id"), Expectations.notNull("x", "amount")))
        .hasMessage("Cannot declare expectations: duplicate rule name x");
  }
}
