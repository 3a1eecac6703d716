package io.lakeshore.jobs.curation;

import static io.lakeshore.jobs.curation.CuratedTables.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.lakeshore.core.transform.Transforms;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** The curation logic as functions of datasets, testable without tables. */
public final class CurationTransforms {
  static final List<String> CUSTOMER_ATTRIBUTES = List.of(NAME, EMAIL, COUNTRY, SEGMENT);

  private CurationTransforms() {}

  /**
   * The latest event of each order among {@code events} (ties on event time broken by event id)
   * as the order's state. Typed in and out; the bean properties are the column names within.
   */
  public static Dataset<OrderState> latestPerOrder(Dataset<OrderEvent> events) {
    Dataset<Row> latest = Transforms.dedupeBy(events.toDF(), List.of("orderId"), col("eventTs").desc(), col("eventId").desc());
    return latest
        .withColumnRenamed("eventId", "lastEventId")
        .withColumnRenamed("eventTs", "lastEventTs")
        .as(OrderState.ENCODER);
  }

  /** Hash of the tracked attributes: a version changes when it changes. */
  public static Column attributeHash() {
    return sha2(concat_ws("\u0001", CUSTOMER_ATTRIBUTES.stream().map(a -> coalesce(col(a), lit("\u0000"))).toArray(Column[]::new)), 256);
  }

  /**
   * The SCD2 versions from a date on, recomputed from {@code known} (the version in effect on the
   * day before, see {@link #inEffectBefore}) and the daily {@code snapshots} from that date on, to
   * the latest. Consecutive equal states collapse into one version; each version is valid until
   * the next starts. Because every later snapshot takes part, the chain does not depend on the
   * order in which days were loaded.
   */
  public static Dataset<Row> scd2Versions(Dataset<Row> known, Dataset<Row> snapshots) {
    Transforms.requireColumns("build SCD2 versions", snapshots, List.of(CUSTOMER_ID, NAME, EMAIL, COUNTRY, SEGMENT, SNAPSHOT_DATE));
    Dataset<Row> seq =
        known.select(col(CUSTOMER_ID), col(NAME), col(EMAIL), col(COUNTRY), col(SEGMENT), col(VALID_FROM).as("d"))
            .unionByName(snapshots.select(col(CUSTOMER_ID), col(NAME), col(EMAIL), col(COUNTRY), col(SEGMENT), col(SNAPSHOT_DATE).as("d")))
            .withColumn(ATTR_HASH, attributeHash());
    WindowSpec byDay = Window.partitionBy(CUSTOMER_ID).orderBy("d");
    return seq.withColumn("_prev", lag(col(ATTR_HASH), 1).over(byDay))
        .filter(col("_prev").isNull().or(col("_prev").notEqual(col(ATTR_HASH))))
        .drop("_prev")
        .withColumn(VALID_TO, lead(col("d"), 1).over(byDay))
        .withColumn(IS_CURRENT, col(VALID_TO).isNull())
        .withColumnRenamed("d", VALID_FROM)
        .select(CUSTOMER_ID, NAME, EMAIL, COUNTRY, SEGMENT, ATTR_HASH, VALID_FROM, VALID_TO, IS_CURRENT);
  }

  /** Dimension rows in effect on the day before {@code date}: the start of a chain rebuilt from {@code date} on. */
  public static Column inEffectBefore(java.time.LocalDate date) {
    Column start = lit(date);
    return col(VALID_FROM).lt(start).and(col(VALID_TO).isNull().or(col(VALID_TO).geq(start)));
  }
}
