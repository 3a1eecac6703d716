package io.lakeshore.jobs.telemetry.aggregation;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.StructType;

/**
 * The serving tables this job owns, and the curated columns it reads. The curated tables are
 * named here, not imported: the table is the contract between jobs.
 */
public final class ServingTables {
  // curated.readings (partitioned by reading_date) and curated.devices (SCD2), as published by telemetry-curation
  public static final TableId CURATED_READINGS = TableId.of("curated", "readings");
  public static final TableId CURATED_DEVICES = TableId.of("curated", "devices");
  public static final String DEVICE_ID = "device_id";
  public static final String SITE_ID = "site_id";
  public static final String SENSOR_TYPE = "sensor_type";
  public static final String UNIT = "unit";
  public static final String VALUE = "value";
  public static final String READING_TS = "reading_ts";
  public static final String READING_DATE = "reading_date";
  /** First day of a registry version. */
  public static final String VALID_FROM = "valid_from";
  /** Day after the last of a registry version (exclusive); NULL while current. */
  public static final String VALID_TO = "valid_to";

  // owned here
  public static final String HOUR = "hour";
  public static final String READINGS = "readings";
  public static final String MIN_VALUE = "min_value";
  public static final String MAX_VALUE = "max_value";
  public static final String MEAN_VALUE = "mean_value";
  public static final String P50_VALUE = "p50_value";
  public static final String P95_VALUE = "p95_value";
  public static final String DEVICES_EXPECTED = "devices_expected";
  public static final String DEVICES_REPORTING = "devices_reporting";
  public static final String READINGS_EXPECTED = "readings_expected";
  public static final String COMPLETENESS = "completeness";

  /** Statistics of each device's readings per UTC hour of a reading date, in the device's unit. */
  public static final TableSpec DEVICE_HOURLY = TableSpec.of(TableId.of("serving", "device_hourly"), AuditColumns.appendTo(StructType.fromDDL(
      "device_id string not null, site_id string not null, sensor_type string not null, unit string not null,"
          + " reading_date date not null, hour int not null, readings bigint not null, min_value double not null,"
          + " max_value double not null, mean_value double not null, p50_value double not null, p95_value double not null")),
      READING_DATE);

  /**
   * Per site and reading date: the devices the registry places there, those that reported, and the
   * share of expected readings that arrived (NULL only for a site no registered device was at).
   */
  public static final TableSpec SITE_DAILY = TableSpec.of(TableId.of("serving", "site_daily"), AuditColumns.appendTo(StructType.fromDDL(
      "site_id string not null, reading_date date not null, devices_expected bigint not null, devices_reporting bigint not null,"
          + " readings bigint not null, readings_expected bigint not null, completeness double")),
      READING_DATE);

  private ServingTables() {}
}
