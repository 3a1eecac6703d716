package io.lakeshore.core.audit;

import io.lakeshore.core.run.RunContext;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns every golden, curated, serving and quarantine row carries: who wrote it, when. */
public final class AuditColumns {
  public static final String RUN_ID = "run_id";
  public static final String JOB_NAME = "job_name";
  public static final String PROCESSED_AT = "processed_at";
  public static final List<String> ALL = List.of(RUN_ID, JOB_NAME, PROCESSED_AT);

  private AuditColumns() {}

  /** {@code schema} followed by the audit columns. */
  public static StructType appendTo(StructType schema) {
    return schema
        .add(RUN_ID, DataTypes.StringType, false)
        .add(JOB_NAME, DataTypes.StringType, false)
        .add(PROCESSED_AT, DataTypes.TimestampType, false);
  }

  /**
   * Adds the audit columns. Processing time is the run's start, one value for the whole run, so
   * that a row's audit columns say which run wrote it and nothing depends on task timing.
   */
  public static Dataset<Row> stamp(Dataset<Row> rows, RunContext run) {
    return rows.withColumn(RUN_ID, lit(run.runId()))
        .withColumn(JOB_NAME, lit(run.jobName()))
        .withColumn(PROCESSED_AT, lit(Timestamp.from(run.startedAt())));
  }
}
