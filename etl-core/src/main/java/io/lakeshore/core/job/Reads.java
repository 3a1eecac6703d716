package io.lakeshore.core.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What a {@link Write} computes from: the rows of each slice it declared. */
public interface Reads {
  /**
   * The rows of a declared slice, filtered to its scope.
   *
   * @throws IllegalArgumentException when the step did not declare it
   */
  Dataset<Row> get(Read read);

  /**
   * The changes of a slice declared with {@link Read#changes}.
   *
   * @throws IllegalArgumentException when the step did not declare it
   */
  Changes changes(Read read);

  /** The current rows of the table the step writes (merges that recompute from the target). */
  Dataset<Row> target();
}
