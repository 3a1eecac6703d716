package io.lakeshore.core.run;

import io.lakeshore.core.table.CommitInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identity of one run: its id, job, window and start time. The run id is sortable by start time
 * and unique: {@code 20260101T120000Z-<job>-<8 hex>}.
 */
public record RunContext(String runId, String jobName, RunWindow window, Instant startedAt) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  public RunContext {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(jobName, "jobName is null");
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(startedAt, "startedAt is null");
  }

  public static RunContext start(String jobName, RunWindow window) {
    Instant now = Instant.now();
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    String id = STAMP.format(now) + "-" + jobName + "-" + HexFormat.of().formatHex(suffix);
    return new RunContext(id, jobName, window, now);
  }

  public CommitInfo commitInfo() {
    return new CommitInfo(runId, jobName);
  }
}
