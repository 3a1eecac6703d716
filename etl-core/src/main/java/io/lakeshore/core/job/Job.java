package io.lakeshore.core.job;

/**
 * A batch job: reads its inputs for a run window, writes its outputs for that window only.
 * Implementations are created at the entry point from typed settings and run by {@code
 * JobLauncher}, which owns the CLI, configuration, session and report.
 *
 * <p>Contract: running a window twice leaves every output as the first run did (replace the
 * window's partitions or merge by key, never blindly append); a failure before a table's commit
 * leaves that table untouched.
 */
public interface Job {
  /** Short name, used in run ids, reports and audit columns: {@code enrichment}. */
  String name();

  /** What a run over {@code window} would read and write; computed without Spark. */
  JobPlan plan(RunWindow window);

  /** Runs the window. Record counts and versions in {@link JobContext#report()}. */
  void run(JobContext context);
}
