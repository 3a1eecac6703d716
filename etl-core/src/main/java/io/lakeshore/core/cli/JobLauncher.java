package io.lakeshore.core.cli;

import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.audit.RunHistory;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.quality.Gates;
import io.lakeshore.core.table.TableId;
import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.ConfigLoader;
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
      config = ConfigLoader.load(options.confDir, options.env, options.conf);
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

    if (options.dryRun) {
      out.print(plan.render(job.name(), window, id -> id + " (" + config.lakehouse().formatOf(id) + ")"));
      return OK;
    }

    RunContext run = RunContext.start(job.name(), window);
    RunReport report = new RunReport(run, config.env());
    SparkSession spark = given;
    org.apache.hadoop.conf.Configuration hadoop = null;
    int code;
    try {
      if (spark == null) {
        spark = Sessions.create("lakeshore-" + job.name(), config.spark(), config.lakehouse());
      }
      hadoop = spark.sparkContext().hadoopConfiguration();
      // The report exists, RUNNING, before the first commit and is rewritten after each one: a
      // process killed between commits leaves a trace of the run and of what it committed.
      try {
        report.writeJson(config.reportDir(), hadoop);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Cannot start the run: cannot write its report: " + e.getMessage(), e);
      }
      org.apache.hadoop.conf.Configuration reportFs = hadoop;
      Lakehouse lakehouse = Lakehouse.open(spark, config.lakehouse(), commit -> {
        report.committed(commit);
        try {
          report.writeJson(config.reportDir(), reportFs);
        } catch (java.io.IOException | RuntimeException e) {
          err.println("Cannot update run report: " + e.getMessage());
        }
      });
      spark.sparkContext().setJobGroup(run.runId(), job.name() + " " + window, false);
      String jobName = job.name();
      plan.run(new JobContext(spark, lakehouse, run, new RawZone(config.lakehouse().raw()), report,
          id -> gates.getOrDefault(id, Gates.defaults("lakeshore.jobs." + jobName + ".tables.\"" + id + "\"")),
          RunHistory.NONE));
      report.finish(RunReport.Status.SUCCEEDED, Optional.empty());
      code = OK;
    } catch (Exception e) { // Spark's Scala code throws checked exceptions undeclared
      report.finish(RunReport.Status.FAILED, Optional.of(String.valueOf(e.getMessage())));
      err.println("Job " + job.name() + " failed: " + e.getMessage());
      code = FAILED;
    } finally {
      if (spark != null) {
        spark.sparkContext().clearJobGroup();
      }
    }
    try {
      out.print(report.summary());
      out.println("  report: " + report.writeJson(config.reportDir(),
          hadoop != null ? hadoop : new org.apache.hadoop.conf.Configuration()));
    } catch (java.io.IOException | RuntimeException e) {
      err.println("Cannot write run report: " + e.getMessage());
    }
    if (given == null && spark != null) {
      spark.stop();
    }
    return code;
  }

  private int usage(String message, CommandLine cli) {
    err.println(message);
    err.println("Usage: " + cli.getCommandSpec().qualifiedName() + " (--date D | --from D1 --to D2) [--env ENV] [--conf KEY=VALUE]... [--conf-dir DIR] [--dry-run]; --help for details");
    return USAGE;
  }
}
