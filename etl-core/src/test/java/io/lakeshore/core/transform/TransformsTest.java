package io.lakeshore.core.transform;

import static io.lakeshore.testkit.Rows.lines;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.testkit.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private Dataset<Row> events() {
    return TestSpark.spark().createDataFrame(
        List.of(
            RowFactory.create("o1", 1, "a"),
            RowFactory.create("o1", 3, "b"),
            RowFactory.create("o1", 3, "c"),
            RowFactory.create("o2", 2, "d")),
        new StructType().add("key", DataTypes.StringType).add("ts", DataTypes.IntegerType).add("tag", DataTypes.StringType));
  }

  @Test
  void dedupeKeepsTheFirstByTheGivenOrder() {
    assertThat(lines(Transforms.dedupeBy(events(), List.of("key"), col("ts").desc(), col("tag").desc())))
        .containsExactly("o1|3|c", "o2|2|d");
  }

  @Test
  void dedupeChecksItsInput() {
    assertThatThrownBy(() -> Transforms.dedupeBy(events(), List.of("event_id"), col("ts")))
        .hasMessage("Cannot dedupe: missing columns [event_id] in [key, ts, tag]");
    assertThatThrownBy(() -> Transforms.dedupeBy(events(), List.of("key")))
        .hasMessage("Cannot dedupe: no order given for keys [key]");
  }

  @Test
  void projectOrdersColumns() {
    assertThat(Transforms.project(events(), List.of("tag", "key")).columns()).containsExactly("tag", "key");
  }
}
