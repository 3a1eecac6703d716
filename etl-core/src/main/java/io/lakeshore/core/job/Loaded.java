package io.lakeshore.core.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a load's rules may look up: earlier steps of the run (a load's valid rows, a reference's
 * rows) and the table slices the load declared with {@link Load#lookingUp}.
 */
public interface Loaded {
  /** The rows of an earlier {@link Load} that no blocking rule rejected (not yet deduplicated). */
  Dataset<Row> valid(Load load);

  /** The rows of a {@link Reference}. */
  Dataset<Row> rows(Reference reference);

  /**
   * The rows of a table slice the load declared with {@link Load#lookingUp}, filtered to its
   * scope, as committed before this run (e.g. a dimension's snapshots of the days before the
   * window). A table that does not exist yet, but that this plan writes, reads as no rows.
   *
   * @throws IllegalArgumentException when the load did not declare the slice
   */
  Dataset<Row> read(Read read);
}
