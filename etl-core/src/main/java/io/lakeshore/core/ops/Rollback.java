package io.lakeshore.core.ops;

import io.lakeshore.core.table.Commit;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rollback by run id: restores every table a run committed to, on both formats, to the version it
 * had just before the run's first commit on it. The run's commits are found in each table's own
 * history by the run id every commit records, never by comparing "latest" versions, which a
 * concurrent writer could interleave.
 *
 * <p>Commits made on top of the run's (by later runs, or outside any run) that change rows block
 * the rollback: undoing the run would undo them too. Compactions and clean-ups do not block. {@link #plan} names them; forced, they are rolled back as
 * well, and so, transitively, is every later commit on the tables those runs touched.
 */
public final class Rollback {
  /** One table to restore: the version to restore, and the versions that restoring undoes, newest first. */
  public record Step(TableId table, OptionalLong restoreTo, List<TableVersion> undone) {
    /** The runs whose commits this step undoes. */
    Set<String> runs() {
      return undone.stream().flatMap(v -> v.runId().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public String toString() {
      String to = restoreTo.isPresent() ? "version " + restoreTo.getAsLong() : "no rows (the run made its first snapshot)";
      return table + ": restore " + to + ", undoing " + undone.stream()
          .map(v -> v.version() + " " + v.operation() + " by " + v.runId().orElse("no run")).collect(Collectors.joining(", "));
    }
  }

  /**
   * What a rollback of a run does.
   *
   * @param runs every run rolled back, newest first (the run asked for, and with force the runs on top of it)
   * @param blockers what stands on top of the run's commits: later runs and commits made outside a run
   * @param steps the tables to restore, the table whose undone commits are newest first
   */
  public record Plan(String runId, List<String> runs, List<String> blockers, List<Step> steps) {
    /** Readable, one line per table. */
    public String render(boolean force) {
      StringBuilder out = new StringBuilder("rollback of run " + runId + (force ? " (forced)" : "") + ": "
          + steps.size() + " table(s), run(s) " + String.join(", ", runs) + "\n");
      steps.forEach(s -> out.append("  ").append(s).append('\n'));
      return out.toString();
    }
  }

  private Rollback() {}

  /**
   * The plan to roll back {@code runId} over {@code tables} (those that do not exist are skipped).
   *
   * @throws RollbackException when no table holds a commit of the run, or, unless {@code force},
   *     when commits were made on top of it: the message names them
   */
  public static Plan plan(Lakehouse lakehouse, List<TableId> tables, String runId, boolean force) {
    Map<TableId, List<TableVersion>> histories = new LinkedHashMap<>();
    for (TableId id : tables) {
      if (lakehouse.exists(id)) {
        histories.put(id, lakehouse.table(id).history());
      }
    }
    Set<String> rolled = new LinkedHashSet<>(List.of(runId));
    Map<String, String> blockers = new LinkedHashMap<>(); // what -> where
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<TableId, List<TableVersion>> e : histories.entrySet()) {
        List<TableVersion> lineage = e.getValue();
        int oldest = oldestBy(lineage, rolled);
        for (int i = 0; i < oldest; i++) {
          TableVersion v = lineage.get(i);
          if (!v.changesRows()) {
            continue; // a compaction on top changes no row: undoing it with the run loses nothing
          }
          if (v.runId().isPresent() && !rolled.contains(v.runId().get())) {
            blockers.putIfAbsent("run " + v.runId().get(), e.getKey() + " version " + v.version());
            if (force) {
              rolled.add(v.runId().get());
              grew = true;
            }
          } else if (v.runId().isEmpty()) {
            blockers.putIfAbsent(e.getKey() + " version " + v.version() + " (" + v.operation() + ", made outside a run)",
                e.getKey() + " version " + v.version());
          }
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    histories.forEach((id, lineage) -> {
      int oldest = oldestBy(lineage, rolled);
      if (oldest >= 0) {
        steps.add(new Step(id, lineage.get(oldest).parent(), List.copyOf(lineage.subList(0, oldest + 1))));
      }
    });
    if (steps.isEmpty()) {
      throw new RollbackException("Cannot roll back run " + runId + ": no table holds a commit of it (searched "
          + histories.keySet().stream().map(TableId::toString).collect(Collectors.joining(", "))
          + "; a run already rolled back holds none)", true);
    }
    if (!force && !blockers.isEmpty()) {
      throw new RollbackException("Cannot roll back run " + runId + ": commits were made on top of it: "
          + blockers.entrySet().stream().map(b -> b.getKey().startsWith("run ") ? b.getKey() + " (" + b.getValue() + ")" : b.getKey())
              .collect(Collectors.joining(", "))
          + "; rerun with --force to roll those back too, newest first", false);
    }
    steps.sort(Comparator.comparing((Step s) -> s.undone().get(0).committedAt()).reversed());
    List<String> runs = new ArrayList<>();
    steps.stream().flatMap(s -> s.undone().stream()).sorted(Comparator.comparing(TableVersion::committedAt).reversed())
        .forEach(v -> v.runId().filter(rolled::contains).filter(r -> !runs.contains(r)).ifPresent(runs::add));
    return new Plan(runId, List.copyOf(runs), List.copyOf(blockers.keySet()), List.copyOf(steps));
  }

  /** Carries the plan out, one restore per table, newest first; returns the restores made. */
  public static List<Commit> apply(Lakehouse lakehouse, Plan plan, CommitInfo commit) {
    List<Commit> made = new ArrayList<>();
    for (Step step : plan.steps()) {
      LakeTable table = lakehouse.table(step.table());
      made.add(table.restore(step.restoreTo(), commit));
    }
    return made;
  }

  /** Index in the newest-first lineage of the oldest version one of {@code runs} made; -1 if none. */
  private static int oldestBy(List<TableVersion> lineage, Set<String> runs) {
    for (int i = lineage.size() - 1; i >= 0; i--) {
      if (lineage.get(i).runId().filter(runs::contains).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  /** Why a rollback was refused; {@link #unknownRun()} when the run has no commit to undo. */
  public static final class RollbackException extends RuntimeException {
    private final boolean unknownRun;

    RollbackException(String message, boolean unknownRun) {
      super(message);
      this.unknownRun = unknownRun;
    }

    public boolean unknownRun() {
      return unknownRun;
    }
  }
}
