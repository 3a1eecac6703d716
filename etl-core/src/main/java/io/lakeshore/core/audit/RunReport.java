package io.lakeshore.core.audit;

import io.lakeshore.core.run.RunContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The record of one run: identity, outcome, duration and per-table metrics. Filled in while the
 * job runs ({@link #table(String)}), then finished once and written as JSON and as a summary.
 */
public final class RunReport {
  /** How a run ended. */
  public enum Status {
    /** Written when the run starts and after each commit: a report left RUNNING is an interrupted run. */
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** One commit of the run, in the order they were made. */
  private record Committed(String table, String operation, java.util.OptionalLong before, java.util.OptionalLong after) {}

  private final RunContext run;
  private final String env;
  private final Map<String, TableMetrics> tables = new LinkedHashMap<>();
  private final List<Committed> commits = new ArrayList<>();
  private final Map<io.lakeshore.core.table.TableId, Map<java.time.LocalDate, Long>> loaded = new LinkedHashMap<>();
  private Status status = Status.RUNNING;
  private Instant finishedAt;
  private String error;

  public RunReport(RunContext run, String env) {
    this.run = run;
    this.env = env;
  }

  /** The metrics of a table or input, created on first use, reported in that order. */
  public synchronized TableMetrics table(String name) {
    return tables.computeIfAbsent(name, TableMetrics::new);
  }

  /** Records a commit: use as the lakehouse's {@code CommitListener}. */
  /** Columns schema evolution added to a table during the run, as {@code table: name type}. */
  private final List<String> columnsAdded = new ArrayList<>();

  /** Records that nullable columns were added to {@code table} (schema evolution). */
  public synchronized void columnsAdded(io.lakeshore.core.table.TableId table, List<String> columns) {
    columns.forEach(c -> columnsAdded.add(table + ": " + c));
  }

  public synchronized void committed(io.lakeshore.core.table.Commit commit) {
    table(commit.table().toString()).format(commit.format().toString()).committed(commit);
    commits.add(new Committed(commit.table().toString(), commit.operation().toString(), commit.versionBefore(),
        java.util.OptionalLong.of(commit.versionAfter())));
  }

  /** Valid rows a load counted for one date of a table: recorded in the run ledger. */
  public synchronized void loaded(io.lakeshore.core.table.TableId table, java.time.LocalDate date, long rows) {
    loaded.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(date, rows);
  }

  /** The valid rows a load counted for {@code table} on {@code date}, if it counted them. */
  public synchronized Optional<Long> loaded(io.lakeshore.core.table.TableId table, java.time.LocalDate date) {
    return Optional.ofNullable(loaded.getOrDefault(table, Map.of()).get(date));
  }

  public synchronized void finish(Status outcome, Optional<String> failure) {
    this.status = outcome;
    this.finishedAt = Instant.now();
    this.error = failure.orElse(null);
  }

  public RunContext run() {
    return run;
  }

  public Status status() {
    return status;
  }

  /** When the run finished; now, while it runs. */
  public synchronized Instant finishedAt() {
    return finishedAt == null ? Instant.now() : finishedAt;
  }

  public synchronized Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public List<TableMetrics> tables() {
    return List.copyOf(tables.values());
  }

  public Duration duration() {
    return Duration.between(run.startedAt(), finishedAt == null ? Instant.now() : finishedAt);
  }

  /** The report as JSON (snake_case keys). */
  public synchronized String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", run.runId());
    m.put("job", run.jobName());
    m.put("env", env);
    m.put("window_from", run.window().from().toString());
    m.put("window_to", run.window().to().toString());
    m.put("status", status.name());
    m.put("started_at", run.startedAt().toString());
    m.put("finished_at", finishedAt == null ? null : finishedAt.toString());
    m.put("duration_ms", duration().toMillis());
    m.put("error", error);
    List<Object> list = new ArrayList<>();
    tables.values().forEach(t -> list.add(t.toMap()));
    m.put("tables", list);
    List<Object> made = new ArrayList<>();
    for (Committed c : commits) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("table", c.table());
      one.put("operation", c.operation());
      one.put("version_before", c.before().isPresent() ? c.before().getAsLong() : null);
      one.put("version_after", c.after().isPresent() ? c.after().getAsLong() : null);
      made.add(one);
    }
    // every commit the run made, in order: for a failed run, what stays committed
    m.put("committed", made);
    m.put("columns_added", List.copyOf(columnsAdded));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise run report: " + e.getMessage(), e);
    }
  }

  /** File system schemes whose objects appear whole on close, and whose rename is a copy. */
  private static final java.util.Set<String> OBJECT_STORES = java.util.Set.of("s3a", "gs");

  /**
   * Writes {@code <dir>/<job>/<run-id>.json} through Hadoop's FileSystem, so {@code dir} may be
   * local ({@code file:}) or remote ({@code s3a://}), replacing an earlier write of the same run;
   * returns the file's location. The JSON is written beside the file and renamed over it, so a
   * reader (or a crash) never sees half of it on a file system with atomic rename. On an object
   * store ({@code s3a://}, {@code gs://}) it is written in place: a PUT replaces the object whole
   * (readers see the old or the new report), and S3A's rename, a copy, refuses to replace the
   * report the run's start wrote.
   */
  public synchronized String writeJson(String dir, org.apache.hadoop.conf.Configuration hadoop) throws IOException {
    String name = dir + "/" + run.jobName() + "/" + run.runId() + ".json";
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(name);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dir + "/" + run.jobName() + "/." + run.runId() + ".json.tmp");
    org.apache.hadoop.fs.FileSystem fs = file.getFileSystem(hadoop);
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
      fs = local.getRawFileSystem(); // no .crc files beside the reports
    }
    if (OBJECT_STORES.contains(fs.getUri().getScheme())) { // getScheme() throws on RawLocalFileSystem
      try (java.io.OutputStream out = fs.create(file, true /* overwrite */)) {
        out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return name;
    }
    try (java.io.OutputStream out = fs.create(tmp, true /* overwrite */)) {
      out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, file)) {
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("Cannot write run report: cannot move " + tmp + " to " + file);
      }
    }
    return name;
  }

  private static String show(java.util.OptionalLong version) {
    return version.isPresent() ? Long.toString(version.getAsLong()) : "none";
  }

  /** A readable summary for stdout. */
  public synchronized String summary() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "run %s  job %s  window %s  %s in %.1f s%n",
            run.runId(), run.jobName(), run.window(), status, duration().toMillis() / 1000.0));
    if (error != null) {
      out.append("  error: ").append(error).append(System.lineSeparator());
    }
    if (status != Status.SUCCEEDED && !commits.isEmpty()) {
      out.append("  committed before the failure: ");
      for (int i = 0; i < commits.size(); i++) {
        Committed c = commits.get(i);
        out.append(i == 0 ? "" : ", ").append(c.table()).append(' ').append(c.operation()).append(' ')
            .append(show(c.before())).append(" -> ").append(show(c.after()));
      }
      out.append(" (rerun the window to complete it)").append(System.lineSeparator());
    }
    if (!columnsAdded.isEmpty()) {
      out.append("  columns added (schema evolution): ").append(String.join(", ", columnsAdded)).append(System.lineSeparator());
    }
    if (!tables.isEmpty()) {
      String row = "  %-24s %-8s %10s %10s %12s %13s %8s  %s%n";
      out.append(String.format(Locale.ROOT, row, "table", "format", "read", "written", "quarantined", "deduplicated", "dropped", "version before -> after"));
      for (TableMetrics t : tables.values()) {
        out.append(
            String.format(
                Locale.ROOT,
                row,
                t.name(),
                t.format(),
                t.read(),
                t.written(),
                t.quarantined(),
                t.deduplicated(),
                t.dropped(),
                t.commits() == 0 ? "-" : show(t.versionBefore()) + " -> " + show(t.versionAfter())));
      }
      for (TableMetrics t : tables.values()) {
        if (!t.violations().isEmpty()) {
          out.append("  violations in ").append(t.name()).append(": ")
              .append(new java.util.TreeMap<>(t.violations())).append(System.lineSeparator());
        }
      }
    }
    return out.toString();
  }
}
