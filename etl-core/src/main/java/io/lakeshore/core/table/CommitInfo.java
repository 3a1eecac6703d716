package io.lakeshore.core.table;

import java.util.Map;
import java.util.Objects;

/**
 * Who makes a commit: recorded in the Delta commit's userMetadata and in the Iceberg snapshot's
 * summary (keys {@value #RUN_ID} and {@value #JOB}), so every table version names its run.
 */
public record CommitInfo(String runId, String jobName) {
  public static final String RUN_ID = "lakeshore.run-id";
  public static final String JOB = "lakeshore.job";

  public CommitInfo {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(jobName, "jobName is null");
  }

  /** The run id as it appears in {@link #json()}, to find the run's commits in Delta's history. */
  String runIdJson() {
    return "\"" + RUN_ID + "\":\"" + runId + "\"";
  }

  Map<String, String> properties() {
    return Map.of(RUN_ID, runId, JOB, jobName);
  }

  /** Compact JSON for Delta's userMetadata; both values are plain identifiers. */
  String json() {
    return "{\"" + RUN_ID + "\":\"" + runId + "\",\"" + JOB + "\":\"" + jobName + "\"}";
  }
}
