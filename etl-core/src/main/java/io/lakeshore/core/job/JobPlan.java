package io.lakeshore.core.job;

import io.lakeshore.core.quality.Quarantine;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a run over a window reads, checks and writes, as an ordered list of declared {@link
 * Step}s. The same value is printed by {@code --dry-run} ({@link #render}) and executed by the run
 * ({@link #run}), so the plan cannot say one thing and the run do another.
 *
 * <p>Order of work in {@link #run}: check that every raw input of the window has landed; read the
 * references and classify the loads, in declared order; check every load's gates; commit every
 * load (its quarantine, then its table); then compute and commit the writes, in declared order.
 */
public final class JobPlan {
  /** One input line of the plan: a raw location or a table, and the slice the run reads. */
  public record Input(String source, String slice) {}

  /** One output line of the plan: the table, how it is written and the part written. */
  public record Target(TableId table, String mode, String scope) {}

  private final List<Step> steps;

  private JobPlan(List<Step> steps) {
    this.steps = List.copyOf(steps);
    if (this.steps.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare job plan: no steps");
    }
    Set<Object> seen = new java.util.HashSet<>();
    for (Step step : this.steps) {
      Objects.requireNonNull(step, "step is null");
      Object target = step instanceof Load l ? l.target() == null ? step : l.target().id()
          : step instanceof Write w ? w.target().id() : step;
      if (!seen.add(target)) {
        throw new IllegalArgumentException("Cannot declare job plan: two steps write " + target + " (write each table once)");
      }
    }
  }

  public static JobPlan of(Step... steps) {
    return new JobPlan(List.of(steps));
  }

  public static JobPlan of(List<? extends Step> steps) {
    return new JobPlan(new ArrayList<>(steps));
  }

  public List<Step> steps() {
    return steps;
  }

  /** The raw inputs the plan reads, in step order. */
  public List<RawInput> rawInputs() {
    List<RawInput> inputs = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Load l) {
        inputs.add(l.input());
      } else if (step instanceof Reference r) {
        inputs.add(r.input());
      }
    }
    return inputs;
  }

  /**
   * The tables the plan reads (writes' slices, loads' lookups) and does not itself write, each
   * once, in step order: the other jobs' outputs a backfill checks for staleness.
   */
  public List<TableId> tableReads() {
    Set<TableId> tables = new LinkedHashSet<>();
    for (Step step : steps) {
      List<Read> reads = step instanceof Write w ? w.reads() : step instanceof Load l ? l.lookups() : List.of();
      reads.stream().map(Read::table).filter(t -> written(t).isEmpty()).forEach(tables::add);
    }
    return List.copyOf(tables);
  }

  /** The table this plan loads or writes under {@code id}, if it does. */
  public java.util.Optional<TableSpec> written(TableId id) {
    return steps.stream()
        .map(s -> s instanceof Load l ? l.target() : s instanceof Write w ? w.target() : null)
        .filter(t -> t != null && t.id().equals(id))
        .findFirst();
  }

  /** What the plan reads: raw inputs and table slices, each once. */
  public List<Input> inputs(RunWindow window) {
    Set<Input> inputs = new LinkedHashSet<>();
    for (Step step : steps) {
      if (step instanceof Load || step instanceof Reference) {
        RawInput raw = step instanceof Load l ? l.input() : ((Reference) step).input();
        inputs.add(new Input("raw " + raw.entity() + "/date=D", "ingest dates " + window));
        if (step instanceof Load l) {
          l.lookups().forEach(r -> inputs.add(new Input(r.table().toString(), r.scope().toString())));
        }
      } else {
        ((Write) step).reads().forEach(r -> inputs.add(new Input(r.table().toString(), r.scope().toString())));
      }
    }
    return List.copyOf(inputs);
  }

  /** What the plan writes: the loads' tables, then their quarantines, then the writes' tables. */
  public List<Target> outputs(RunWindow window) {
    List<Target> tables = new ArrayList<>();
    List<Target> quarantines = new ArrayList<>();
    List<Target> writes = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Load l) {
        l.validate();
        tables.add(new Target(l.target().id(), "replace", l.scope().toString()));
        quarantines.add(new Target(Quarantine.spec(l.input().entity()).id(), "replace",
            Scope.dates(RawInput.INGEST_DATE, window).toString()));
      } else if (step instanceof Write w) {
        writes.add(new Target(w.target().id(), w.mode(), w.scope().toString()));
      }
    }
    List<Target> all = new ArrayList<>(tables);
    all.addAll(quarantines);
    all.addAll(writes);
    return all;
  }

  /** Renders the plan for a human, one line per input and output. */
  public String render(String job, RunWindow window, Function<TableId, String> describeTable) {
    StringBuilder out = new StringBuilder();
    out.append("plan for ").append(job).append(" over ").append(window).append(" (dry run: nothing is written)\n");
    out.append("  inputs:\n");
    inputs(window).forEach(i -> out.append("    ").append(i.source()).append("  [").append(i.slice()).append("]\n"));
    out.append("  outputs:\n");
    outputs(window).forEach(
        o -> out.append("    ").append(describeTable.apply(o.table())).append("  ").append(o.mode())
            .append("  [").append(o.scope()).append("]\n"));
    return out.toString();
  }

  /** Runs the plan in {@code ctx}: see the order of work above. */
  public void run(JobContext ctx) {
    new PlanRun(this, ctx).run();
  }
}
