package io.lakeshore.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who makes a commit, and what it is based on: recorded in the Delta commit's userMetadata and in
 * the Iceberg snapshot's summary (keys {@value #RUN_ID}, {@value #JOB} and the {@code lakeshore.}
 * keys of {@code extra}), so every table version names its run and, where the library knows it,
 * the dates it wrote and the input versions it consumed.
 *
 * @param extra more {@code lakeshore.} properties of the commit (see {@link #with})
 */
public record CommitInfo(String runId, String jobName, Map<String, String> extra) {
  public static final String RUN_ID = "lakeshore.run-id";
  public static final String JOB = "lakeshore.job";
  private static final ObjectMapper JSON = new ObjectMapper();

  public CommitInfo {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(jobName, "jobName is null");
    extra.keySet().forEach(k -> {
      if (!k.startsWith("lakeshore.") || k.equals(RUN_ID) || k.equals(JOB)) {
        throw new IllegalArgumentException("Cannot record commit property " + k + ": extra keys start with 'lakeshore.' and are not "
            + RUN_ID + " or " + JOB);
      }
    });
    extra = Map.copyOf(extra);
  }

  public CommitInfo(String runId, String jobName) {
    this(runId, jobName, Map.of());
  }

  /** This commit with more properties (keys starting with {@code lakeshore.}). */
  public CommitInfo with(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(extra);
    all.putAll(more);
    return new CommitInfo(runId, jobName, all);
  }

  /** The run id as it appears in {@link #json()}, to find the run's commits in Delta's history. */
  String runIdJson() {
    return "\"" + RUN_ID + "\":\"" + runId + "\"";
  }

  Map<String, String> properties() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(RUN_ID, runId);
    all.put(JOB, jobName);
    all.putAll(extra);
    return all;
  }

  /** Compact JSON for Delta's userMetadata, the run id first (what {@link #runIdJson()} finds). */
  String json() {
    try {
      return JSON.writeValueAsString(properties());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write commit properties as JSON: " + e.getMessage(), e);
    }
  }

  /** The {@code lakeshore.} properties in a Delta commit's userMetadata written by {@link #json()}; empty for anything else. */
  static Map<String, String> propertiesOf(String userMetadata) {
    Map<String, String> found = new LinkedHashMap<>();
    if (userMetadata == null || userMetadata.isBlank()) {
      return found;
    }
    try {
      JsonNode node = JSON.readTree(userMetadata);
      if (node != null && node.isObject()) {
        node.fields().forEachRemaining(e -> {
          if (e.getKey().startsWith("lakeshore.") && e.getValue().isTextual()) {
            found.put(e.getKey(), e.getValue().asText());
          }
        });
      }
    } catch (IOException e) { // metadata some other writer left: not a commit of ours
      found.clear();
    }
    return found;
  }
}
