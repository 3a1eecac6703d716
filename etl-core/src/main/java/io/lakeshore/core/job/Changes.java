package io.lakeshore.core.job;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What changed in a table since a step consumed it last ({@link Read#changes}): the changed
 * partitions as they were at the consumed version ({@code before}) and as they are now ({@code
 * after}). A mart keeps itself current by adding what {@code after} contributes and taking away
 * what {@code before} did.
 *
 * <p>When there is nothing to compare with — the step never consumed the table, the consumed
 * version is no longer readable (cleaned up, rolled back over), or a commit since does not say
 * which partitions it wrote — the change is {@code complete}: {@code before} is empty and {@code
 * after} holds every row, and the step must recompute its rows from {@code after} alone, ignoring
 * what its target holds.
 *
 * @param before the changed partitions at the consumed version; empty when complete
 * @param after the changed partitions at the version this run consumes; every row when complete
 * @param complete true when {@code after} is the whole table and the target's rows must be ignored
 * @param basis why: the versions compared and the partitions, or why the change is complete (for a
 *     message; not yet recorded in the run report)
 */
public record Changes(Dataset<Row> before, Dataset<Row> after, boolean complete, String basis) {
  public Changes {
    Objects.requireNonNull(before, "before is null");
    Objects.requireNonNull(after, "after is null");
    Objects.requireNonNull(basis, "basis is null");
  }
}
