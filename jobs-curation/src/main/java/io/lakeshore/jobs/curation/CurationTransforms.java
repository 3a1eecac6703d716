package io.lakeshore.jobs.curation;

import static io.lakeshore.jobs.curation.CuratedTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.job.Scd2;
import io.lakeshore.core.transform.Transforms;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The curation logic as functions of datasets, testable without tables. */
public final class CurationTransforms {
  /** The customer dimension's versions: a new one when name, email, country or segment changes. */
  public static final Scd2 CUSTOMER_VERSIONS = Scd2.of(CUSTOMER_ID, List.of(NAME, EMAIL, COUNTRY, SEGMENT), SNAPSHOT_DATE);

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
}
