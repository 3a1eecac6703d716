package io.lakeshore.core.job;

import io.lakeshore.core.audit.RunHistory;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.quality.Gates;
import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What a running job is given: the session, the tables, the run's identity and window, where raw
 * files land, the report being filled in, each table's gates, and the history of earlier runs.
 * Built by the launcher from configuration; library code reads no configuration itself.
 */
public record JobContext(
    SparkSession spark,
    Lakehouse lakehouse,
    RunContext run,
    RawZone raw,
    RunReport report,
    Function<TableId, Gates> gates,
    RunHistory history) {
  public JobContext {
    Objects.requireNonNull(spark, "spark is null");
    Objects.requireNonNull(lakehouse, "lakehouse is null");
    Objects.requireNonNull(run, "run is null");
    Objects.requireNonNull(raw, "raw is null");
    Objects.requireNonNull(report, "report is null");
    Objects.requireNonNull(gates, "gates is null");
    Objects.requireNonNull(history, "history is null");
  }

  public RunWindow window() {
    return run.window();
  }

  /** A table this run writes, created if absent (its schema checked if present). */
  public Output output(TableSpec spec) {
    return new Output(this, spec);
  }

  /** The gates of a table. */
  public Gates gates(TableId table) {
    return gates.apply(table);
  }
}
