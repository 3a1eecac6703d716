package io.lakeshore.core.job;

import io.lakeshore.core.run.RunWindow;

/**
 * A batch job: a name, and for each run window a {@link JobPlan} that declares what the run reads,
 * checks and writes. The library runs the plan (and prints it for {@code --dry-run}); the job
 * writes no run logic of its own. Implementations are created at the entry point from typed
 * settings and run by {@code JobLauncher}, which owns the CLI, configuration, session and report.
 *
 * <p>Contract: running a window twice leaves every output as the first run did (replace the
 * window's partitions or merge by key, never blindly append); a failure before a table's commit
 * leaves that table untouched.
 */
public interface Job {
  /** Short name, used in run ids, reports and audit columns: {@code enrichment}. */
  String name();

  /** What a run over {@code window} reads, checks and writes; declared without Spark. */
  JobPlan plan(RunWindow window);
}
