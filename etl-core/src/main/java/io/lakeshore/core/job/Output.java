package io.lakeshore.core.job;

import io.lakeshore.core.audit.AuditColumns;
import io.lakeshore.core.table.Commit;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Schemas;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
    return replace(rows, scope, Map.of());
  }

  Optional<Commit> replace(Dataset<Row> rows, Scope scope, Map<String, String> consumed) {
    return table.replace(conform(rows), scope.predicate(), commitInfo(scope, consumed));
  }

  /** Merges {@code rows} (without audit columns) into the table as {@code merge} says. */
  public Optional<Commit> merge(Dataset<Row> rows, Merge merge) {
    return merge(rows, merge, Map.of());
  }

  Optional<Commit> merge(Dataset<Row> rows, Merge merge, Map<String, String> consumed) {
    return table.merge(conform(rows), merge.condition(table::target), merge.bind(table::target), commitInfo(merge.scope(), consumed));
  }

  /**
   * The run, the dates the commit may change ({@value #DATES}{@code <column>}: {@code from..to}, or
   * {@code from..} for an open range) and the input versions it consumed ({@value #CONSUMED}{@code
   * <table>}): what a {@link Read#changes} of this table, or of the target, reads back. A column
   * ranged twice is left out (its changed dates are then unknown).
   */
  private CommitInfo commitInfo(Scope scope, Map<String, String> consumed) {
    Map<String, String> extra = new LinkedHashMap<>();
    Map<String, Long> seen = scope.ranges().stream().collect(Collectors.groupingBy(Scope.Range::column, Collectors.counting()));
    for (Scope.Range r : scope.ranges()) {
      if (seen.get(r.column()) == 1) {
        extra.put(DATES + r.column(), r.from() + ".." + (r.to() == null ? "" : r.to().toString()));
      }
    }
    extra.putAll(consumed);
    return ctx.run().commitInfo().with(extra);
  }

  static final String DATES = "lakeshore.dates.";
  static final String CONSUMED = "lakeshore.consumed.";

  private Dataset<Row> conform(Dataset<Row> rows) {
    return Schemas.conform("write " + spec.id(), AuditColumns.stamp(rows, ctx.run()), spec.schema());
  }
}
