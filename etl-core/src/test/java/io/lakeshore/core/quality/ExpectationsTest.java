package io.lakeshore.core.quality;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.testkit.TestSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The rule factories a new domain needs without writing its own plumbing. */
class ExpectationsTest {
  private final SparkSession spark = TestSpark.spark();

  private Dataset<Row> text(String... rows) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.StringType)
        .add("qty", DataTypes.StringType);
    return spark.createDataFrame(Arrays.stream(rows).map(r -> RowFactory.create((Object[]) r.split(",", -1)))
        .map(r -> RowFactory.create(r.getString(0), r.getString(1).isEmpty() ? null : r.getString(1), r.getString(2))).toList(), schema);
  }

  private static List<String> rejected(QualityCheck check, Dataset<Row> input) {
    return lines(check.classify(input).filter(col(QualityCheck.RULE).isNotNull()), "id", QualityCheck.RULE, QualityCheck.REASON);
  }

  @Test
  void typingTypesEveryFieldAndDeclaresItsRule() {
    Typing typing = Typing.of("amount", DataTypes.createDecimalType(8, 2)).and("qty", DataTypes.IntegerType);
    Dataset<Row> typed = typing.apply(text("a,1.50,2", "b,x,2", "c,2.00,two", "d,,3"));
    assertThat(typed.columns()).containsExactly("id", "amount_text", "qty_text", "amount", "qty");
    QualityCheck check = QualityCheck.of(typing.rules());
    assertThat(check.rules()).extracting(Expectation::name).containsExactly("amount_is_decimal", "qty_is_integer");
    assertThat(rejected(check, typed)).containsExactly(
        "b|amount_is_decimal|amount_text is not a valid decimal(8,2): x",
        "c|qty_is_integer|qty_text is not a valid int: two");
  }

  @Test
  void strictBoundsAndOwnReasons() {
    Dataset<Row> typed = Typing.of("amount", DataTypes.createDecimalType(8, 2)).apply(text("a,0.00,1", "b,5.00,1", "c,10.00,1"));
    QualityCheck check = QualityCheck.of(
        Expectations.greaterThan("amount_positive", "amount", 0),
        Expectations.lessThan("amount_below_ten", "amount", 10).reason(concat(lit("too much: "), col("amount_text"))));
    assertThat(rejected(check, typed)).containsExactly(
        "a|amount_positive|amount not greater than 0: 0.00",
        "c|amount_below_ten|too much: 10.00");
  }

  @Test
  void aRuleCanBringItsOwnLookup() {
    Dataset<Row> allowed = spark.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("c")),
        new StructType().add("code", DataTypes.StringType));
    Expectation listed = Expectations.withLookup("id_listed",
        rows -> rows.join(allowed.select(col("code").as("_dq_code"), lit(true).as("_dq_listed")),
            col("id").equalTo(col("_dq_code")), "left"),
        coalesce(col("_dq_listed"), lit(false)), concat(lit("id not listed: "), col("id")), List.of("id"));
    QualityCheck check = QualityCheck.of(listed);
    Dataset<Row> input = text("a,1,1", "b,1,1", "c,1,1");
    assertThat(rejected(check, input)).containsExactly("b|id_listed|id not listed: b");
    assertThat(check.valid(check.classify(input)).columns()).containsExactly("id", "amount", "qty");
  }
}
