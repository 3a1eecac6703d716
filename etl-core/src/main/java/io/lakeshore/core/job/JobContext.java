package io.lakeshore.core.job;

import io.lakeshore.core.audit.RunContext;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.table.Lakehouse;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * What a running job is given: the session, the tables, the run's identity and window, where raw
 * files land, and the report to fill in.
 */
public record JobContext(SparkSession spark, Lakehouse lakehouse, RunContext run, RawZone raw, RunReport report) {
  public JobContext {
    Objects.requireNonNull(spark, "spark is null");
    Objects.requireNonNull(lakehouse, "lakehouse is null");
    Objects.requireNonNull(run, "run is null");
    Objects.requireNonNull(raw, "raw is null");
    Objects.requireNonNull(report, "report is null");
  }

  public RunWindow window() {
    return run.window();
  }
}
