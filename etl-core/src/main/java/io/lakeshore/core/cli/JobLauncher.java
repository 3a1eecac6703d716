package io.lakeshore.core.cli;

import io.lakeshore.core.run.Failures;
import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.audit.Fingerprint;
import io.lakeshore.core.audit.RunHistory;
import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.job.Backfill;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.quality.Gates;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobContext;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.Lakehouse;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The common entry point of every job: {@code --date D | --from D1 --to D2}, {@code --env},
 * {@code --conf k=v}, {@code --conf-dir}, {@code --dry-run}, {@code --help}.
 *
 * <p>Order of work: parse arguments, load and validate configuration, create the job from its
 * typed settings — all before Spark starts, so bad input costs nothing and writes nothing — then
 * build the session (unless one is given), run, and write the run report.
 *
 * <p>Exit codes: {@value #OK} done (or help/dry run), {@value #FAILED} the job failed, {@value
 * #USAGE} bad arguments or configuration.
 */
public final class JobLauncher {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private final String jobName;
  private final Function<LakeshoreConfig, Job> factory;
  private final PrintStream out;
  private final PrintStream err;

  private JobLauncher(String jobName, Function<LakeshoreConfig, Job> factory, PrintStream out, PrintStream err) {
    this.jobName = jobName;
    this.factory = factory;
    this.out = out;
    this.err = err;
  }

  /**
   * For a job's {@code main}: runs and exits the JVM with the exit code.
   *
   * @param jobName the command name shown in usage
   * @param factory creates the job from the loaded configuration (reads its typed settings)
   */
  public static void main(String jobName, Function<LakeshoreConfig, Job> factory, String[] args) {
    int code = new JobLauncher(jobName, factory, System.out, System.err).run(args, null);
    System.exit(code);
  }

  /** For a job's {@code main}: runs the job {@code factory} makes and exits the JVM with the exit code. */
  public static void main(JobFactory factory, String[] args) {
    main(factory.name(), factory::create, args);
  }

  /**
   * Runs the job {@code factory} makes, in-process, and returns the exit code; builds its own
   * session when {@code spark} is null, and uses {@code spark} (and leaves it running) otherwise,
   * so a program may run several jobs in one session.
   */
  public static int run(JobFactory factory, String[] args, SparkSession spark, PrintStream out, PrintStream err) {
    return run(factory.name(), factory::create, args, spark, out, err);
  }

  /** Runs in-process and returns the exit code; builds its own session when {@code spark} is null. */
  public static int run(
      String jobName,
      Function<LakeshoreConfig, Job> factory,
      String[] args,
      SparkSession spark,
      PrintStream out,
      PrintStream err) {
    return new JobLauncher(jobName, factory, out, err).run(args, spark);
  }

  private int run(String[] args, SparkSession given) {
    JobOptions options = new JobOptions();
    CommandLine cli = new CommandLine(options).setCommandName(jobName);
    RunWindow window;
    LakeshoreConfig config;
    Job job;
    JobPlan plan;
    Map<TableId, Gates> gates = new LinkedHashMap<>();
    try {
      cli.parseArgs(args);
      if (options.help) {
        cli.usage(out);
        return OK;
      }
      window = options.window();
      config = options.config.load();
      config.notes().forEach(n -> err.println(Runs.printable(n)));
      job = factory.apply(config);
      plan = job.plan(window);
      // every table's gates from its settings, so a bad value fails here, before Spark starts
      for (JobPlan.Target output : plan.outputs(window)) {
        gates.put(output.table(), config.table(output.table()).map(Gates::of)
            .orElseGet(() -> Gates.defaults("lakeshore.jobs." + job.name() + ".tables.\"" + output.table() + "\"")));
      }
    } catch (CommandLine.ParameterException e) {
      return usage("Cannot parse arguments: " + e.getMessage(), cli);
    } catch (IllegalArgumentException | IllegalStateException | ConfigException e) {
      return usage(e.getMessage(), cli);
    }

    if (options.onlyMissing && !config.ledger()) {
      return usage("Cannot run --only-missing: the run ledger is off (lakeshore.ledger.enabled = false)", cli);
    }
    if (options.dryRun && !options.onlyMissing) {
      out.print(plan.render(job.name(), window, id -> id + " (" + config.lakehouse().formatOf(id) + ")"));
      return OK;
    }

    SparkSession spark = given;
    try {
      if (spark == null) {
        spark = Sessions.create("lakeshore-" + job.name(), config.spark(), config.lakehouse());
      }
      RunLedger ledger = config.ledger() ? new RunLedger(spark, Lakehouse.open(spark, config.lakehouse())) : null;
      RawZone raw = new RawZone(config.lakehouse().raw());
      if (!options.onlyMissing) {
        return runWindow(spark, config, job, plan, gates, ledger, raw, window);
      }
      // only the dates the ledger says are missing, failed or stale, each as its own run, in order
      List<Backfill.Day> days = Backfill.days(job.name(), spark, raw, ledger, plan, window);
      long toRun = days.stream().filter(Backfill.Day::run).count();
      out.println("backfill of " + job.name() + " over " + window + ": " + toRun + " of " + days.size() + " dates to run"
          + (options.dryRun ? " (dry run: nothing is written)" : ""));
      days.forEach(d -> out.println("  " + d));
      if (options.dryRun) {
        return OK;
      }
      for (Backfill.Day day : days) {
        if (day.run()) {
          RunWindow one = RunWindow.of(day.date());
          int code = runWindow(spark, config, job, job.plan(one), gates, ledger, raw, one);
          if (code != OK) {
            return code;
          }
        }
      }
      return OK;
    } catch (Exception e) { // a failure outside a run: the session, the ledger
      err.println("Job " + job.name() + " failed: " + config.redact(Failures.message(e)));
      return FAILED;
    } finally {
      if (given == null && spark != null) {
        spark.stop();
      }
    }
  }

  /** One run over one window: report, plan, ledger; returns the exit code. */
  private int runWindow(
      SparkSession spark, LakeshoreConfig config, Job job, JobPlan plan, Map<TableId, Gates> gates, RunLedger ledger,
      RawZone raw, RunWindow window) {
    RunContext run = RunContext.start(job.name(), window);
    RunReport report = new RunReport(run, config.env());
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<java.time.LocalDate, Fingerprint> inputs = Map.of();
    int code;
    try {
      // The report exists, RUNNING, before the first commit and is rewritten after each one: a
      // process killed between commits leaves a trace of the run and of what it committed.
      try {
        report.writeJson(config.reportDir(), hadoop);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Cannot start the run: cannot write its report: " + e.getMessage(), e);
      }
      Lakehouse lakehouse = Lakehouse.open(spark, config.lakehouse(), new io.lakeshore.core.table.CommitListener() {
        @Override
        public void committed(io.lakeshore.core.table.Commit commit) {
          report.committed(commit);
          try {
            report.writeJson(config.reportDir(), hadoop);
          } catch (java.io.IOException | RuntimeException e) {
            err.println("Cannot update run report: " + config.redact(e.getMessage()));
          }
        }

        @Override
        public void columnsAdded(TableId table, List<String> added) {
          report.columnsAdded(table, added);
          err.println("Note: added to " + table + " the column(s) its declaration adds: " + String.join(", ", added));
        }
      });
      if (ledger != null) {
        inputs = Backfill.fingerprints(spark, raw, ledger, plan, window); // what this run reads, per date
      }
      spark.sparkContext().setJobGroup(run.runId(), job.name() + " " + window, false);
      String name = job.name();
      plan.run(new JobContext(spark, lakehouse, run, raw, report,
          id -> gates.getOrDefault(id, Gates.defaults("lakeshore.jobs." + name + ".tables.\"" + id + "\"")),
          ledger != null ? ledger : RunHistory.NONE));
      report.finish(RunReport.Status.SUCCEEDED, Optional.empty());
      code = OK;
    } catch (Exception e) { // Spark's Scala code throws checked exceptions undeclared
      // a driver's or Spark's message may quote a setting it was given: the report and the ledger keep it
      String message = config.redact(Failures.message(e));
      report.finish(RunReport.Status.FAILED, Optional.of(message));
      err.println("Job " + job.name() + " failed: " + message);
      // what went wrong while giving up, e.g. staged files left behind (only Lakeshore's own: a
      // SparkException carries one that holds a stack trace)
      for (Throwable also : e.getSuppressed()) {
        if (String.valueOf(also.getMessage()).startsWith("Cannot ")) {
          err.println(config.redact(also.getMessage()));
        }
      }
      code = FAILED;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    int outcome = code;
    Map<java.time.LocalDate, Fingerprint> read = inputs;
    return Runs.finish(code, report, config, hadoop, ledger == null ? null : () -> {
      List<RunLedger.Produced> produced = new java.util.ArrayList<>();
      for (JobPlan.Target target : outcome == OK ? plan.outputs(window) : List.<JobPlan.Target>of()) {
        for (java.time.LocalDate date : window.dates()) {
          produced.add(new RunLedger.Produced(target.table(), date, report.loaded(target.table(), date), read.get(date)));
        }
      }
      ledger.record(report, config.env(), config.digest(), CODE_VERSION, produced);
    }, out, err);
  }

  /** The project version this code was built as, recorded with every run. */
  static final String CODE_VERSION = codeVersion();

  private static String codeVersion() {
    try (java.io.InputStream in = JobLauncher.class.getResourceAsStream("/io/lakeshore/core/lakeshore.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private int usage(String message, CommandLine cli) {
    err.println(Runs.printable(message));
    err.println("Usage: " + cli.getCommandSpec().qualifiedName() + " (--date D | --from D1 --to D2) [--env ENV] [--conf KEY=VALUE]... [--conf-dir DIR] [--dry-run] [--only-missing]; --help for details");
    return USAGE;
  }
}
