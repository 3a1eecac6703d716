package io.lakeshore.jobs.telemetry.curation;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.job.Scd2;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Tables this job reads (by name and column: the contract with telemetry-enrichment) and owns. */
public final class CuratedTables {
  // golden.readings and golden.devices, as published by telemetry-enrichment
  public static final TableId GOLDEN_READINGS = TableId.of("golden", "readings");
  public static final TableId GOLDEN_DEVICES = TableId.of("golden", "devices");
  public static final String DEVICE_ID = "device_id";
  public static final String SITE_ID = "site_id";
  public static final String SENSOR_TYPE = "sensor_type";
  public static final String UNIT = "unit";
  public static final String CALIBRATION_OFFSET = "calibration_offset";
  public static final String VALUE = "value";
  public static final String VALUE_NORMALISED = "value_normalised";
  public static final String UNIT_NORMALISED = "unit_normalised";
  public static final String READING_TS = "reading_ts";
  public static final String RECEIVED_TS = "received_ts";
  public static final String READING_DATE = "reading_date";
  public static final String SNAPSHOT_DATE = "snapshot_date";
  public static final String INGEST_DATE = "ingest_date";

  /** One row per (device_id, reading_ts): the first delivery; value and unit are golden's normalised ones. */
  public static final TableSpec READINGS = TableSpec.of(TableId.of("curated", "readings"), AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, reading_ts timestamp not null,"
          + " reading_date date not null, value double not null, unit string not null, received_ts timestamp not null,"
          + " ingest_date date not null")),
      READING_DATE);

  /** The columns a rerun compares: every column but the key and the audit columns. */
  static final List<String> READING_VALUES = List.of(SITE_ID, SENSOR_TYPE, READING_DATE, VALUE, UNIT, RECEIVED_TS, INGEST_DATE);

  /** The device registry's versions: a new one when a device moves, changes type or unit, or is recalibrated. */
  public static final Scd2 DEVICE_VERSIONS = Scd2.of(DEVICE_ID, List.of(SITE_ID, SENSOR_TYPE, UNIT, CALIBRATION_OFFSET), SNAPSHOT_DATE);

  /** SCD2 device dimension ({@link Scd2}): one row per version; valid_to is exclusive, NULL while current. */
  public static final TableSpec DEVICES = TableSpec.of(TableId.of("curated", "devices"), AuditColumns.appendTo(Scd2.appendTo(
      StructType.fromDDL("device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " calibration_offset double not null"))));

  private CuratedTables() {}
}
