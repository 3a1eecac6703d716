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

  /** The run id in a Delta commit's userMetadata written by {@link #json()}; empty for anything else. */
  static java.util.Optional<String> runIdOf(String userMetadata) {
    if (userMetadata == null || userMetadata.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(userMetadata);
      return node != null && node.path(RUN_ID).isTextual() ? java.util.Optional.of(node.get(RUN_ID).asText()) : java.util.Optional.empty();
    } catch (java.io.IOException e) { // metadata some other writer left: not a run of ours
      return java.util.Optional.empty();
    }
  }
}
