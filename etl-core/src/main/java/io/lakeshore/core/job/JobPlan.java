package io.lakeshore.core.job;

import io.lakeshore.core.table.TableId;
import java.util.List;

/**
 * What a run would read and write, printed by {@code --dry-run}.
 *
 * @param inputs what is read, with the part of it the window selects
 * @param outputs the tables written, each with how and which partitions
 */
public record JobPlan(List<Input> inputs, List<Output> outputs) {
  public JobPlan {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** One input: a raw location or a table, and the slice the run reads. */
  public record Input(String source, String slice) {}

  /** One output table, the write mode and the partitions (or keys) it replaces. */
  public record Output(TableId table, String mode, String scope) {}

  /** Renders the plan for a human, one line per input and output. */
  public String render(String job, RunWindow window, java.util.function.Function<TableId, String> describeTable) {
    StringBuilder out = new StringBuilder();
    out.append("plan for ").append(job).append(" over ").append(window).append(" (dry run: nothing is written)\n");
    out.append("  inputs:\n");
    inputs.forEach(i -> out.append("    ").append(i.source()).append("  [").append(i.slice()).append("]\n"));
    out.append("  outputs:\n");
    outputs.forEach(
        o -> out.append("    ").append(describeTable.apply(o.table())).append("  ").append(o.mode())
            .append("  [").append(o.scope()).append("]\n"));
    return out.toString();
  }
}
