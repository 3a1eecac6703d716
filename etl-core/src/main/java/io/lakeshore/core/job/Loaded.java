package io.lakeshore.core.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What later steps of a run may look up in earlier ones: a load's valid rows, a reference's rows. */
public interface Loaded {
  /** The rows of an earlier {@link Load} that no blocking rule rejected (not yet deduplicated). */
  Dataset<Row> valid(Load load);

  /** The rows of a {@link Reference}. */
  Dataset<Row> rows(Reference reference);
}
