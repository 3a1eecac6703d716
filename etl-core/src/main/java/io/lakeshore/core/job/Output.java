package io.lakeshore.core.job;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.Commit;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Schemas;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table as this run writes it, from {@link JobContext#output(TableSpec)}: each write stamps the
 * audit columns, checks the rows against the declared schema and projects them to it, records
 * the run in the commit, and returns the commit as the table recorded it. The run report hears of
 * every commit through the lakehouse, with its row metrics: no job counts rows to report them.
 */
public final class Output {
  private final JobContext ctx;
  private final TableSpec spec;
  private final LakeTable table;

  Output(JobContext ctx, TableSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.table = ctx.lakehouse().create(spec);
  }

  public TableSpec spec() {
    return spec;
  }

  /** The table, to read it (a merge that looks at the target's current rows, for example). */
  public LakeTable table() {
    return table;
  }

  /**
   * Replaces the rows in {@code scope} with {@code rows} (without audit columns), atomically; a
   * row outside the scope fails the write and nothing changes.
   *
   * @return the commit; empty when nothing was committed (nothing to replace, nothing to write)
   */
  public Optional<Commit> replace(Dataset<Row> rows, Scope scope) {
    return table.replace(conform(rows), scope.predicate(), ctx.run().commitInfo());
  }

  /** Merges {@code rows} (without audit columns) into the table as {@code merge} says. */
  public Optional<Commit> merge(Dataset<Row> rows, Merge merge) {
    return table.merge(conform(rows), merge.condition(table::target), merge.bind(table::target), ctx.run().commitInfo());
  }

  private Dataset<Row> conform(Dataset<Row> rows) {
    return Schemas.conform("write " + spec.id(), AuditColumns.stamp(rows, ctx.run()), spec.schema());
  }
}
