package io.lakeshore.core.quality;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quarantine (dead-letter) table of an entity, {@code quarantine.<entity>}: each rejected row
 * with the rule it broke, a readable reason, the raw record as received and the run that
 * rejected it, partitioned by ingest date so a rerun replaces exactly its own rejects.
 *
 * <p>Every string column holds valid UTF-8, so that every engine can read the table: a record
 * that did not decode is kept twice, as text with U+FFFD for each undecodable byte ({@value
 * #RAW_RECORD}) and as its exact bytes ({@value #RAW_BYTES}, NULL for records that decoded).
 */
public final class Quarantine {
  public static final String ZONE = "quarantine";
  public static final String RULE = "rule";
  public static final String REASON = "reason";
  public static final String RAW_RECORD = "raw_record";
  public static final String RAW_BYTES = "raw_bytes";
  public static final String INGEST_DATE = "ingest_date";

  public static final StructType SCHEMA =
      AuditColumns.appendTo(
          new StructType()
              .add(RULE, DataTypes.StringType, false)
              .add(REASON, DataTypes.StringType, true)
              .add(RAW_RECORD, DataTypes.StringType, true)
              .add(RAW_BYTES, DataTypes.BinaryType, true)
              .add(INGEST_DATE, DataTypes.DateType, false));

  private Quarantine() {}

  public static TableSpec spec(String entity) {
    return TableSpec.of(TableId.of(ZONE, entity), SCHEMA, INGEST_DATE);
  }
}
