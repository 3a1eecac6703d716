package io.lakeshore.jobs.telemetry.enrichment;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.StructType;

/**
 * The golden tables this job owns. Other jobs read them by name and column, never through this
 * class: the table is the contract between jobs.
 */
public final class TelemetryTables {
  public static final String DEVICE_ID = "device_id";
  public static final String SITE_ID = "site_id";
  public static final String SENSOR_TYPE = "sensor_type";
  public static final String UNIT = "unit";
  public static final String CALIBRATION_OFFSET = "calibration_offset";
  public static final String VALUE = "value";
  /** The value in the registry's unit, calibrated: what every later table computes with ({@code value} is as received). */
  public static final String VALUE_NORMALISED = "value_normalised";
  /** The registry's unit for the device's sensor type, which value_normalised is in. */
  public static final String UNIT_NORMALISED = "unit_normalised";
  public static final String READING_TS = "reading_ts";
  public static final String RECEIVED_TS = "received_ts";
  public static final String READING_DATE = "reading_date";
  public static final String SNAPSHOT_DATE = "snapshot_date";
  public static final String INGEST_DATE = "ingest_date";

  /** Readings, validated, normalised and deduplicated; a late reading lands in its reading date's partition. */
  public static final TableSpec READINGS = TableSpec.of(TableId.of("golden", "readings"), AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " value double not null, calibration_offset double not null, value_normalised double not null, unit_normalised string not null,"
          + " reading_ts timestamp not null, received_ts timestamp not null, reading_date date not null, ingest_date date not null")),
      READING_DATE);

  /** The device registry as landed each date: one snapshot per snapshot_date. */
  public static final TableSpec DEVICES = TableSpec.of(TableId.of("golden", "devices"), AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " calibration_offset double not null, snapshot_date date not null, ingest_date date not null")),
      SNAPSHOT_DATE);

  private TelemetryTables() {}
}
