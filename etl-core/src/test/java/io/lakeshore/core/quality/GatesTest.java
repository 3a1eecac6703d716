package io.lakeshore.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.testkit.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each gate, with the figures of one aggregation: the threshold and the measured value in the message. */
class GatesTest {
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("email", DataTypes.StringType)
      .add("event_ts", DataTypes.TimestampType).add("ingest_date", DataTypes.DateType);
  static final String D1 = "2026-01-01";
  static final String D2 = "2026-01-02";

  private final SparkSession spark = TestSpark.spark();

  private Dataset<Row> rows(Object[]... values) {
    return spark.createDataFrame(Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
  }

  private static Object[] row(String id, String email, String ts, String day) {
    return new Object[] {id, email, ts == null ? null : Timestamp.from(java.time.Instant.parse(ts.replace(" ", "T") + "Z")), Date.valueOf(day)};
  }

  private static Gates gates(long minRows, double maxRowChange, Map<String, Double> nulls, String freshness, Duration staleness) {
    return new Gates(false, 0.5, minRows, maxRowChange, 7, nulls, freshness, staleness, "lakeshore.jobs.j.tables.\"golden.x\"");
  }

  private List<String> failures(Gates gates, Dataset<Row> input, OptionalDouble baseline) {
    QualityCheck check = QualityCheck.of(Expectations.notNull("id_present", "id"));
    Dataset<Row> classified = check.classify(input);
    QualityCounts counts = check.count(classified, "ingest_date", gates.metrics(check.isValid()));
    return gates.failures("golden.x", counts, List.of(D1, D2), LocalDate.parse(D2), baseline);
  }

  @Test
  void minRowsAndRowChangeArePerPartition() {
    Dataset<Row> input = rows(row("a", "a@x", "2026-01-01 10:00:00", D1), row("b", "b@x", "2026-01-01 11:00:00", D1),
        row("c", "c@x", "2026-01-02 10:00:00", D2), row(null, "d@x", "2026-01-02 10:00:00", D2));
    assertThat(failures(gates(2, 0, Map.of(), "", Duration.ZERO), input, OptionalDouble.empty()))
        .containsExactly("Cannot commit golden.x: partition ingest_date=2026-01-02 has 1 valid rows, below min-rows 2");
    // 2 and 1 valid rows against a mean of 4: -50% and -75%
    assertThat(failures(gates(0, 0.6, Map.of(), "", Duration.ZERO), input, OptionalDouble.of(4)))
        .containsExactly("Cannot commit golden.x: partition ingest_date=2026-01-02 has 1 valid rows, 75.0% below the mean"
            + " of the previous successful runs (4.0), beyond max-row-change 0.6");
    assertThat(failures(gates(0, 0.6, Map.of(), "", Duration.ZERO), input, OptionalDouble.empty())).isEmpty();
  }

  @Test
  void nullRatioIsOverTheWindowsValidRows() {
    Dataset<Row> input = rows(row("a", null, "2026-01-01 10:00:00", D1), row("b", "b@x", "2026-01-01 11:00:00", D1),
        row("c", null, "2026-01-02 10:00:00", D2), row(null, null, "2026-01-02 10:00:00", D2));
    assertThat(failures(gates(0, 0, Map.of("email", 0.5), "", Duration.ZERO), input, OptionalDouble.empty()))
        .containsExactly("Cannot commit golden.x: column email is NULL in 2 of 3 valid rows (66.7%), above max-null-ratio 0.5");
    assertThat(failures(gates(0, 0, Map.of("email", 0.7), "", Duration.ZERO), input, OptionalDouble.empty())).isEmpty();
  }

  @Test
  void freshnessComparesTheNewestValidEventWithTheEndOfTheWindow() {
    Dataset<Row> input = rows(row("a", "a@x", "2026-01-01 10:00:00", D1), row("b", "b@x", "2026-01-02 09:00:00", D2),
        row(null, "c@x", "2026-01-02 23:00:00", D2)); // the newest event is invalid: it does not count
    // the window ends 2026-01-03T00:00Z; the newest valid event is 15 hours older
    assertThat(failures(gates(0, 0, Map.of(), "event_ts", Duration.ofHours(12)), input, OptionalDouble.empty()))
        .containsExactly("Cannot commit golden.x: the newest event_ts is 2026-01-02T09:00:00Z, older than 2026-01-02T12:00:00Z"
            + " (the end of the window less max-staleness PT12H)");
    assertThat(failures(gates(0, 0, Map.of(), "event_ts", Duration.ofHours(16)), input, OptionalDouble.empty())).isEmpty();
  }
}
