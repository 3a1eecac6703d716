package io.lakeshore.core.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.audit.TableMetrics;
import io.lakeshore.core.quality.Action;
import io.lakeshore.core.quality.Gates;
import io.lakeshore.core.quality.QualityCheck;
import io.lakeshore.core.quality.QualityCounts;
import io.lakeshore.core.quality.QualityException;
import io.lakeshore.core.quality.Quarantine;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.run.Failures;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Transforms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;

/** One execution of a {@link JobPlan}; see the order of work there. */
final class PlanRun {
  private static final String RESCUED = "rescued";
  /** The staged rows' partition column: whether no blocking rule rejected the row. */
  private static final String VALID = "dq_valid";

  private final JobPlan plan;
  private final JobContext ctx;
  private final RunWindow window;
  private final Map<Load, Staged> staged = new LinkedHashMap<>();
  private final Map<Reference, Dataset<Row>> references = new HashMap<>();
  private final List<Dataset<?>> persisted = new ArrayList<>();
  /** Where this run stages classified rows: under the warehouse, one folder per run. */
  private final String staging;

  /** A load between classification and commit: its rows staged, valid and rejected. */
  private record Staged(Load load, QualityCheck check, Dataset<Row> classified, QualityCounts counts) {}

  PlanRun(JobPlan plan, JobContext ctx) {
    this.plan = plan;
    this.ctx = ctx;
    this.window = ctx.window();
    this.staging = ctx.lakehouse().settings().warehouse() + "/_staging/" + ctx.run().runId();
  }

  void run() {
    Throwable failure = null;
    try {
      // a table whose format was switched in configuration fails before anything is read or written
      plan.outputs(window).forEach(t -> ctx.lakehouse().requireConfiguredFormat(t.table()));
      List<RawInput> raw = plan.rawInputs();
      // every raw input of the window has landed, before any is processed
      RawZone.Landed landed = raw.isEmpty() ? null : ctx.raw().check(ctx.spark(), window, raw);
      for (Step step : plan.steps()) {
        if (step instanceof Reference r) {
          references.put(r, r.map().apply(landed.readReference(r.input())));
        } else if (step instanceof Load l) {
          l.validate();
          staged.put(l, stage(l, landed));
        }
      }
      checkGates();
      for (Staged s : staged.values()) {
        commit(s);
      }
      List<Write> writes = plan.steps().stream().filter(Write.class::isInstance).map(Write.class::cast).toList();
      if (!writes.isEmpty()) {
        write(writes);
      }
    } catch (Throwable e) { // Throwable: Spark's Scala code throws checked exceptions undeclared (a failed job's SparkException)
      failure = e;
      throw e;
    } finally {
      persisted.forEach(Dataset::unpersist);
      dropStaging(failure);
    }
  }

  /**
   * The staged files of this run go once it ends, committed or not. A failure to remove them fails
   * a run that succeeded, and is added to the error of one that failed (never hiding it).
   */
  private void dropStaging(Throwable failure) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(staging);
      path.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (java.io.IOException e) {
      var cleanup = new java.io.UncheckedIOException("Cannot remove the run's staged files at " + staging + ": " + e.getMessage(), e);
      if (failure == null) {
        throw cleanup;
      }
      failure.addSuppressed(cleanup);
    }
  }

  /** What {@code load}'s rules may look up: earlier steps, and only the slices it declared. */
  private Loaded lookupsFor(Load load) {
    return new Loaded() {
      @Override
      public Dataset<Row> valid(Load earlier) {
        return PlanRun.this.valid(earlier);
      }

      @Override
      public Dataset<Row> rows(Reference reference) {
        return PlanRun.this.rows(reference);
      }

      @Override
      public Dataset<Row> read(Read read) {
        if (!load.lookups().contains(read)) {
          throw new IllegalArgumentException("Cannot read " + read + " in " + load + ": it looks up only " + load.lookups());
        }
        return committed(read);
      }
    };
  }

  /** A declared slice as committed before this run; a table this plan writes and that does not exist yet has no rows. */
  private Dataset<Row> committed(Read read) {
    if (!ctx.lakehouse().exists(read.table())) {
      // a dimension this plan loads has no earlier rows on its first run
      TableSpec spec = plan.written(read.table()).orElseThrow(
          () -> new IllegalStateException("Cannot read " + read + ": the table does not exist"));
      return ctx.spark().createDataFrame(List.of(), spec.schema());
    }
    return slice(read, false);
  }

  private Dataset<Row> valid(Load load) {
    Staged s = staged.get(load);
    if (s == null) {
      throw new IllegalStateException("Cannot look up " + load + ": it is not declared before the step that reads it");
    }
    return validRows(s);
  }

  private Dataset<Row> rows(Reference reference) {
    Dataset<Row> rows = references.get(reference);
    if (rows == null) {
      throw new IllegalStateException("Cannot look up raw " + reference.input().entity()
          + ": it is not declared before the step that reads it");
    }
    return rows;
  }

  /**
   * Classifies in one pass over the raw input and stages the result as Parquet, split into valid
   * and rejected rows: the counts, both commits and later lookups read the staged files (only the
   * columns each needs), so the raw files are read and parsed once and nothing wide is held in
   * memory. The counts are one aggregation over the staged rule columns.
   */
  private Staged stage(Load load, RawZone.Landed landed) {
    QualityCheck check = QualityCheck.of(load.expectations(lookupsFor(load)));
    Gates gates = ctx.gates(load.target().id());
    Dataset<Row> parsed = load.parser().apply(landed.read(load.input()));
    Transforms.requireColumns("check the gates of " + load.target().id(), parsed, gates.columns());
    String location = staging + "/" + load.input().entity();
    Dataset<Row> toStage = check.classify(parsed).withColumn(VALID, check.isValid());
    Dataset<Row> classified;
    QualityCounts counts;
    boolean drifts;
    try {
      // the one pass over the raw files: a file that cannot be read is named here
      landed.reading(() -> {
        toStage.write().mode(SaveMode.Overwrite).partitionBy(VALID).parquet(location);
        return location;
      });
      // read with the schema written: an empty input stages no file to infer it from
      classified = ctx.spark().read().schema(toStage.schema()).parquet(location);
      Map<String, Column> extras = new LinkedHashMap<>(gates.metrics(check.isValid()));
      drifts = java.util.Arrays.asList(classified.columns()).contains(RawInput.RESCUED);
      if (drifts) {
        extras.put(RESCUED, count(when(col(RawInput.RESCUED).isNotNull(), lit(1))));
      }
      counts = check.count(classified, RawInput.INGEST_DATE, extras);
    } catch (Exception e) { // also a SparkException, undeclared: a task failed, or the store did
      if (String.valueOf(e.getMessage()).startsWith("Cannot ")) {
        throw e; // already says what it could not do
      }
      throw new IllegalStateException("Cannot stage raw " + load.input().entity() + " at " + location + ": " + Failures.reason(e), e);
    }
    TableMetrics m = ctx.report().table("raw " + load.input().entity());
    m.read(counts.rows()).quarantined(counts.withAction(Action.QUARANTINE)).dropped(counts.withAction(Action.DROP))
        .rescued(drifts ? counts.extra(RESCUED) : 0);
    counts.violations().forEach(m::violations);
    counts.partitions().forEach((date, c) -> ctx.report().loaded(load.target().id(), java.time.LocalDate.parse(date), c.valid()));
    return new Staged(load, check, classified, counts);
  }

  /** Every gate of every load, before the first commit; all failures in one message. */
  private void checkGates() {
    List<String> dates = window.dates().stream().map(Object::toString).toList();
    List<String> failures = new ArrayList<>();
    for (Staged s : staged.values()) {
      String table = s.load().target().id().toString();
      s.counts().failIfBlocked(table);
      Gates gates = ctx.gates(s.load().target().id());
      java.util.OptionalDouble baseline = gates.maxRowChange() > 0
          ? ctx.history().meanRows(s.load().target().id(), window.from(), gates.rowChangeRuns())
          : java.util.OptionalDouble.empty();
      failures.addAll(gates.failures(table, s.counts(), dates, window.to(), baseline));
    }
    if (!failures.isEmpty()) {
      throw new QualityException(String.join("\n", failures));
    }
  }

  /**
   * The load's quarantine, then its table: each replaces exactly the window's partitions. What
   * deduplication removed is the valid rows less the rows the table's commit inserted.
   */
  private void commit(Staged s) {
    Load load = s.load();
    Dataset<Row> rejected = s.classified().filter(not(col(VALID)));
    Dataset<Row> quarantined =
        s.check().quarantined(rejected, col(RawInput.RAW_RECORD), col(RawInput.RAW_BYTES), col(RawInput.INGEST_DATE));
    ctx.output(Quarantine.spec(load.input().entity())).replace(quarantined, Scope.dates(RawInput.INGEST_DATE, window));
    Dataset<Row> valid = validRows(s);
    Dataset<Row> deduped =
        load.keys().isEmpty() ? valid : Transforms.dedupeBy(valid, load.keys(), load.order().toArray(Column[]::new));
    ctx.output(load.target()).replace(load.mapper().apply(deduped), load.scope()).ifPresent(commit ->
        ctx.report().table("raw " + load.input().entity()).deduplicated(s.counts().valid() - commit.rowsInserted()));
  }

  /** The staged rows no blocking rule rejected, without the classification columns. */
  private static Dataset<Row> validRows(Staged s) {
    return s.check().valid(s.classified().filter(col(VALID))).drop(VALID);
  }

  /** Each declared slice is read once; a slice two writes read is kept for the second. */
  private void write(List<Write> writes) {
    Map<Read, Integer> uses = new HashMap<>();
    writes.forEach(w -> w.reads().forEach(r -> uses.merge(r, 1, Integer::sum)));
    Map<Read, Dataset<Row>> slices = new HashMap<>();
    for (Write write : writes) {
      Output output = ctx.output(write.target());
      // the input versions this write consumes through changes reads, recorded in its commit
      Map<String, String> consumed = new java.util.LinkedHashMap<>();
      java.util.OptionalLong targetRead = output.table().version();
      Reads reads = new Reads() {
        @Override
        public Dataset<Row> get(Read read) {
          declared(read);
          if (read.scope().changedColumn().isPresent()) {
            throw new IllegalArgumentException("Cannot read " + read + " in " + write + ": read its changes with changes(read)");
          }
          return slices.computeIfAbsent(read, r -> slice(r, uses.get(r) > 1));
        }

        @Override
        public Changes changes(Read read) {
          declared(read);
          if (read.scope().changedColumn().isEmpty()) {
            throw new IllegalArgumentException("Cannot read the changes of " + read + " in " + write + ": it is not a changes read");
          }
          return PlanRun.this.changes(read, output.table(), consumed);
        }

        @Override
        public Dataset<Row> target() {
          return output.table().read();
        }

        private void declared(Read read) {
          if (!write.reads().contains(read)) {
            throw new IllegalArgumentException("Cannot read " + read + " in " + write + ": it declares only " + write.reads());
          }
        }
      };
      Dataset<Row> rows = write.compute(reads);
      if (!consumed.isEmpty()) {
        // the changes were computed against the target's rows and consumed version as read: a commit
        // by another run since would have them applied twice
        java.util.OptionalLong now = output.table().version();
        if (!now.equals(targetRead)) {
          throw new io.lakeshore.core.table.CommitConflictException("Cannot merge into " + write.target().id()
              + ": another writer committed version " + versionText(now) + " after this run read version " + versionText(targetRead), null);
        }
      }
      write.writeTo(output, rows, consumed);
    }
  }

  private static String versionText(java.util.OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "none";
  }

  /**
   * The partitions of the input that changed since the version {@code target}'s lineage says was
   * consumed last, from the dates each commit since recorded; the version read now goes into
   * {@code consumed}, for the write's commit.
   */
  private Changes changes(Read read, io.lakeshore.core.table.LakeTable target, Map<String, String> consumed) {
    var input = ctx.lakehouse().table(read.table());
    String column = read.scope().changedColumn().orElseThrow();
    long current = input.version().orElseThrow(() -> new IllegalStateException("Cannot read " + read + ": the table has no version"));
    String key = Output.CONSUMED + read.table();
    consumed.put(key, Long.toString(current));
    ctx.report().table(read.table().toString()).format(input.format().toString()).readAt(java.util.OptionalLong.of(current));
    Dataset<Row> now = input.readAt(current);
    Dataset<Row> none = ctx.spark().createDataFrame(List.of(), now.schema()); // a relation of its own: no shared lineage with now
    java.util.Optional<Long> since = target.history().stream().filter(v -> v.properties().containsKey(key)).findFirst()
        .map(v -> Long.parseLong(v.properties().get(key)));
    if (since.isEmpty()) {
      return new Changes(none, now, true, "all of " + read.table() + " at version " + current + ": no version of it consumed before");
    }
    if (since.get() == current) {
      return new Changes(none, none, false, "no change: version " + current + " was consumed before");
    }
    if (!input.readableAt(since.get())) {
      return new Changes(none, now, true,
          "all of " + read.table() + " at version " + current + ": version " + since.get() + ", consumed last, is no longer readable");
    }
    Column changed = lit(false);
    List<String> ranges = new ArrayList<>();
    for (var v : input.history()) {
      if (v.version() == since.get()) {
        Column c = changed;
        return new Changes(input.readAt(since.get()).filter(c), now.filter(c), false,
            column + " " + String.join(", ", ranges) + " of versions " + since.get() + " and " + current);
      }
      if (!v.changesRows()) {
        continue;
      }
      String dates = v.properties().get(Output.DATES + column);
      if (dates == null) {
        return new Changes(none, now, true, "all of " + read.table() + " at version " + current + ": version " + v.version()
            + " (" + v.operation() + ") does not say which " + column + " partitions it wrote");
      }
      String[] fromTo = dates.split("\\.\\.", -1);
      Column from = col(column).geq(lit(java.sql.Date.valueOf(fromTo[0])));
      changed = changed.or(fromTo[1].isEmpty() ? from : from.and(col(column).leq(lit(java.sql.Date.valueOf(fromTo[1])))));
      ranges.add(dates);
    }
    // unreachable: readableAt found the version in the lineage
    throw new IllegalStateException("Cannot read " + read + ": version " + since.get() + " is not in its lineage");
  }

  private Dataset<Row> slice(Read read, boolean shared) {
    var table = ctx.lakehouse().table(read.table());
    ctx.report().table(read.table().toString()).format(table.format().toString()).readAt(table.version());
    Dataset<Row> rows = table.read().filter(read.scope().predicate());
    if (shared) {
      rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(rows);
    }
    return rows;
  }
}
