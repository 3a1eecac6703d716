package io.lakeshore.jobs.telemetry.curation;

import static io.lakeshore.jobs.telemetry.curation.CuratedTables.*;
import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.transform.Transforms;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The readings' curation as a function of datasets, testable without tables. */
public final class ReadingCuration {
  private ReadingCuration() {}

  /**
   * One row per (device_id, reading_ts) of {@code golden} readings, as curated: the earliest
   * received delivery, ties broken by ingest date, then by the remaining columns, so the choice is
   * deterministic. Golden deduplicates within an ingest date only, so a reading delivered again on
   * a later day is there twice.
   */
  public static Dataset<Row> firstDelivered(Dataset<Row> golden) {
    Transforms.requireColumns("curate readings", golden,
        List.of(DEVICE_ID, SITE_ID, SENSOR_TYPE, READING_TS, READING_DATE, VALUE_NORMALISED, UNIT_NORMALISED, RECEIVED_TS, INGEST_DATE));
    return Transforms.dedupeBy(golden, List.of(DEVICE_ID, READING_TS), col(RECEIVED_TS), col(INGEST_DATE),
            col(VALUE_NORMALISED), col(UNIT_NORMALISED), col(SITE_ID), col(SENSOR_TYPE))
        .select(col(DEVICE_ID), col(SITE_ID), col(SENSOR_TYPE), col(READING_TS), col(READING_DATE),
            col(VALUE_NORMALISED).as(VALUE), col(UNIT_NORMALISED).as(UNIT), col(RECEIVED_TS), col(INGEST_DATE));
  }
}
