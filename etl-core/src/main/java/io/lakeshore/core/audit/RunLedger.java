package io.lakeshore.core.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.table.TableSpec;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run ledger: two tables in the lakehouse, in the configured format, appended to by the
 * launcher once per run (append only, so concurrent runs never conflict on it).
 *
 * <ul>
 *   <li>{@code audit.runs}: one row per run that passed its argument checks, failed ones
 *       included: job, run id, window, status, start and end, error, configuration digest, code
 *       version, and the full run report as JSON (per-table counts and commit versions).
 *   <li>{@code audit.partitions}: for a successful run, one row per table it wrote and date of its
 *       window: the run that last produced that table for that date, the valid rows it loaded
 *       (where the run counted them), and the fingerprint of its inputs for that date (raw file
 *       names, sizes and modification times; the runs that produced the tables it read).
 * </ul>
 *
 * <p>A run killed before it finished has no row: to the ledger it did not succeed, which is what
 * {@code --only-missing} needs; its JSON report, left {@code RUNNING}, says what it committed.
 */
public final class RunLedger implements RunHistory {
  public static final TableSpec RUNS =
      TableSpec.of(
          TableId.of("audit", "runs"),
          new StructType()
              .add("run_id", DataTypes.StringType, false)
              .add("job", DataTypes.StringType, false)
              .add("env", DataTypes.StringType, false)
              .add("window_from", DataTypes.DateType, false)
              .add("window_to", DataTypes.DateType, false)
              .add("status", DataTypes.StringType, false)
              .add("started_at", DataTypes.TimestampType, false)
              .add("finished_at", DataTypes.TimestampType, false)
              .add("error", DataTypes.StringType, true)
              .add("config_digest", DataTypes.StringType, false)
              .add("code_version", DataTypes.StringType, false)
              .add("report", DataTypes.StringType, false));

  public static final TableSpec PARTITIONS =
      TableSpec.of(
          TableId.of("audit", "partitions"),
          new StructType()
              .add("table_id", DataTypes.StringType, false)
              .add("date", DataTypes.DateType, false)
              .add("run_id", DataTypes.StringType, false)
              .add("job", DataTypes.StringType, false)
              .add("finished_at", DataTypes.TimestampType, false)
              .add("rows", DataTypes.LongType, true)
              .add("fingerprint", DataTypes.StringType, false)
              .add("inputs", DataTypes.StringType, false));

  /** What the ledger holds about one date of a job: the latest run covering it, and what it read. */
  public record DateState(LocalDate date, String runId, String status, Instant finishedAt, Optional<Fingerprint> fingerprint) {}

  /** One (table, date) a successful run produced. */
  public record Produced(TableId table, LocalDate date, Optional<Long> rows, Fingerprint inputs) {}

  private final SparkSession spark;
  private final Lakehouse lakehouse;

  /** @param lakehouse a lakehouse whose commits are not part of a run's report (no listener) */
  public RunLedger(SparkSession spark, Lakehouse lakehouse) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
  }

  /**
   * Records a finished run: its row in {@code audit.runs}, and for a successful run the rows of
   * {@code audit.partitions}.
   *
   * @throws RuntimeException when a table cannot be written; the run's own commits stand
   */
  public void record(RunReport report, String env, String configDigest, String codeVersion, List<Produced> produced) {
    RunContext run = report.run();
    CommitInfo commit = run.commitInfo();
    Row row = RowFactory.create(run.runId(), run.jobName(), env, Date.valueOf(run.window().from()), Date.valueOf(run.window().to()),
        report.status().name(), Timestamp.from(run.startedAt()), Timestamp.from(report.finishedAt()), report.error().orElse(null),
        configDigest, codeVersion, report.toJson());
    lakehouse.create(RUNS).append(spark.createDataFrame(List.of(row), RUNS.schema()), commit);
    if (report.status() == RunReport.Status.SUCCEEDED && !produced.isEmpty()) {
      List<Row> rows = new ArrayList<>();
      for (Produced p : produced) {
        rows.add(RowFactory.create(p.table().toString(), Date.valueOf(p.date()), run.runId(), run.jobName(),
            Timestamp.from(report.finishedAt()), p.rows().orElse(null), p.inputs().digest(), p.inputs().text()));
      }
      lakehouse.create(PARTITIONS).append(spark.createDataFrame(rows, PARTITIONS.schema()), commit);
    }
  }

  /**
   * For each date of {@code window}, the latest finished run of {@code job} whose window covers
   * it, and, if it succeeded, the fingerprint of what it read for that date; dates no run covered
   * are absent.
   */
  public Map<LocalDate, DateState> states(String job, RunWindow window) {
    Map<LocalDate, DateState> states = new LinkedHashMap<>();
    if (!lakehouse.exists(RUNS.id())) {
      return states;
    }
    // one row per run of the job overlapping the window: few per date
    List<Row> runs = lakehouse.table(RUNS.id()).read()
        .filter(col("job").equalTo(lit(job)).and(col("window_from").leq(lit(window.to()))).and(col("window_to").geq(lit(window.from()))))
        .select("run_id", "status", "finished_at", "window_from", "window_to").collectAsList();
    Map<String, Map<LocalDate, Fingerprint>> prints = fingerprints(job, window);
    for (LocalDate date : window.dates()) {
      runs.stream()
          .filter(r -> !r.getDate(3).toLocalDate().isAfter(date) && !r.getDate(4).toLocalDate().isBefore(date))
          .max(Comparator.comparing((Row r) -> r.getTimestamp(2)))
          .ifPresent(r -> states.put(date, new DateState(date, r.getString(0), r.getString(1), r.getTimestamp(2).toInstant(),
              Optional.ofNullable(prints.getOrDefault(r.getString(0), Map.of()).get(date)))));
    }
    return states;
  }

  private Map<String, Map<LocalDate, Fingerprint>> fingerprints(String job, RunWindow window) {
    Map<String, Map<LocalDate, Fingerprint>> prints = new LinkedHashMap<>();
    if (!lakehouse.exists(PARTITIONS.id())) {
      return prints;
    }
    for (Row r : lakehouse.table(PARTITIONS.id()).read()
        .filter(col("job").equalTo(lit(job)).and(window.covers(col("date"))))
        .select("run_id", "date", "inputs").distinct().collectAsList()) {
      prints.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>()).put(r.getDate(1).toLocalDate(), Fingerprint.parse(r.getString(2)));
    }
    return prints;
  }

  /** For each date of {@code window}, the run that last produced {@code table} for it. */
  public Map<LocalDate, String> producers(TableId table, RunWindow window) {
    Map<LocalDate, String> producers = new LinkedHashMap<>();
    if (!lakehouse.exists(PARTITIONS.id())) {
      return producers;
    }
    Map<LocalDate, Timestamp> when = new LinkedHashMap<>();
    for (Row r : lakehouse.table(PARTITIONS.id()).read()
        .filter(col("table_id").equalTo(lit(table.toString())).and(window.covers(col("date"))))
        .select("date", "run_id", "finished_at").collectAsList()) {
      LocalDate date = r.getDate(0).toLocalDate();
      if (!when.containsKey(date) || r.getTimestamp(2).after(when.get(date))) {
        when.put(date, r.getTimestamp(2));
        producers.put(date, r.getString(1));
      }
    }
    return producers;
  }

  /**
   * The mean valid rows of the table's latest {@code runs} dates before {@code before} (the
   * latest producer of each date counts), or empty without such history.
   */
  @Override
  public OptionalDouble meanRows(TableId table, LocalDate before, int runs) {
    if (!lakehouse.exists(PARTITIONS.id())) {
      return OptionalDouble.empty();
    }
    Map<LocalDate, Row> latest = new LinkedHashMap<>();
    for (Row r : lakehouse.table(PARTITIONS.id()).read()
        .filter(col("table_id").equalTo(lit(table.toString())).and(col("date").lt(lit(before))).and(col("rows").isNotNull()))
        .orderBy(col("date").desc(), col("finished_at").desc())
        .select("date", "rows").limit(runs * 8).collectAsList()) {
      latest.putIfAbsent(r.getDate(0).toLocalDate(), r);
    }
    return latest.values().stream().limit(runs).mapToLong(r -> r.getLong(1)).average();
  }

  /** A run as the ledger recorded it: its job and window. */
  public record RecordedRun(String runId, String job, RunWindow window) {}

  /** The runs among {@code runIds} that the ledger recorded (a run killed before it ended has no row). */
  public List<RecordedRun> recorded(java.util.Collection<String> runIds) {
    List<RecordedRun> found = new ArrayList<>();
    if (runIds.isEmpty() || !lakehouse.exists(RUNS.id())) {
      return found;
    }
    for (Row r : lakehouse.table(RUNS.id()).read().filter(col("run_id").isin(runIds.toArray()))
        .select("run_id", "job", "window_from", "window_to").distinct().collectAsList()) {
      found.add(new RecordedRun(r.getString(0), r.getString(1),
          RunWindow.between(r.getDate(2).toLocalDate(), r.getDate(3).toLocalDate())));
    }
    return found;
  }

  /**
   * Records a rollback: the rollback's own run, then for each run it rolled back a second row in
   * {@code audit.runs} with status {@value #ROLLED_BACK} (the run's latest state, so {@code
   * --only-missing} runs its dates again), and for each table and date that run produced, a row
   * in {@code audit.partitions} naming the rollback as their producer (so the jobs that read those
   * tables see their input changed).
   */
  public void rolledBack(RunReport rollback, String env, String configDigest, String codeVersion, List<RecordedRun> runs) {
    record(rollback, env, configDigest, codeVersion, List.of());
    if (runs.isEmpty()) {
      return;
    }
    RunContext by = rollback.run();
    Timestamp at = Timestamp.from(rollback.finishedAt());
    List<Row> rows = new ArrayList<>();
    for (RecordedRun r : runs) {
      rows.add(RowFactory.create(r.runId(), r.job(), env, Date.valueOf(r.window().from()), Date.valueOf(r.window().to()),
          ROLLED_BACK, Timestamp.from(by.startedAt()), at, "rolled back by run " + by.runId(), configDigest, codeVersion,
          rollback.toJson()));
    }
    lakehouse.create(RUNS).append(spark.createDataFrame(rows, RUNS.schema()), by.commitInfo());
    if (lakehouse.exists(PARTITIONS.id())) {
      Dataset<Row> produced = lakehouse.table(PARTITIONS.id()).read()
          .filter(col("run_id").isin(runs.stream().map(RecordedRun::runId).toArray()))
          .select(col("table_id"), col("date"), lit(by.runId()).as("run_id"), lit(by.jobName()).as("job"),
              lit(at).as("finished_at"), lit(null).cast(DataTypes.LongType).as("rows"), lit(ROLLED_BACK).as("fingerprint"),
              functions.concat(lit("rolled back run "), col("run_id")).as("inputs"))
          .distinct();
      // collected first: the table is read and appended to in one statement otherwise
      List<Row> rolled = produced.collectAsList();
      if (!rolled.isEmpty()) {
        lakehouse.table(PARTITIONS.id()).append(spark.createDataFrame(rolled, PARTITIONS.schema()), by.commitInfo());
      }
    }
  }

  /** The status of a run that a rollback undid. */
  public static final String ROLLED_BACK = "ROLLED_BACK";

  /** The ledger's tables, for a reader (e.g. a test) that wants to look. */
  public LakeTable runs() {
    return lakehouse.table(RUNS.id());
  }

  public Dataset<Row> partitions() {
    return lakehouse.table(PARTITIONS.id()).read();
  }
}
