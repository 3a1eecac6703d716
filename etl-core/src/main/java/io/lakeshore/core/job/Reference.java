package io.lakeshore.core.job;

import io.lakeshore.core.raw.RawInput;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small raw input that other steps look things up in (currency rates, a code list), not loaded
 * into a table. Every date of the window must have rows, and every line must decode and parse,
 * or the run fails before anything is committed. Immutable.
 *
 * @param input the raw entity
 * @param map from parsed lines ({@link RawInput#parse}) to the rows other steps see
 */
public record Reference(RawInput input, UnaryOperator<Dataset<Row>> map) implements Step {
  public Reference {
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(map, "map is null");
  }

  public static Reference of(RawInput input) {
    return new Reference(input, UnaryOperator.identity());
  }

  /** A copy whose rows are {@code map} of the parsed lines. */
  public Reference map(UnaryOperator<Dataset<Row>> map) {
    return new Reference(input, map);
  }
}
