package io.lakeshore.core.cli;

import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.ops.Rollback;
import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Lakeshore rollback --run-id R [--force] [--dry-run]}: restores every table run R
 * committed to, to its version just before R's first commit (see {@link Rollback}). Same
 * configuration options and exit codes as the jobs: 0 done (or dry run), 1 refused or failed, 2
 * bad arguments or configuration, or a run with no commit to undo. The rollback is itself a run:
 * it has a run report, its restores name it, and the ledger marks the runs it undid {@value
 * RunLedger#ROLLED_BACK}.
 */
public final class RollbackCommand {
  /** The job name a rollback run is recorded under. */
  public static final String NAME = "rollback";

  @Command(name = NAME, description = "Restore every table a run committed to, to its version just before the run.")
  static final class Options {
    @Option(names = "--run-id", required = true, paramLabel = "RUN_ID", description = "The run to roll back (from its report or the ledger).")
    String runId;

    @Option(names = "--force", description = "Also roll back the runs that committed on top of it, newest first.")
    boolean force;

    @Option(names = "--dry-run", description = "Print what would be restored and write nothing.")
    boolean dryRun;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
  }

  private RollbackCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, null, System.out, System.err));
  }

  /** Runs in-process and returns the exit code; builds its own session when {@code given} is null. */
  public static int run(String[] args, SparkSession given, PrintStream out, PrintStream err) {
    Options options = new Options();
    CommandLine cli = new CommandLine(options);
    LakeshoreConfig config;
    try {
      cli.parseArgs(args);
      if (options.help) {
        cli.usage(out);
        return JobLauncher.OK;
      }
      if (!options.runId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")) {
        throw new IllegalArgumentException("Cannot parse arguments: --run-id must be a run id such as"
            + " 20260101T120000Z-enrichment-0a1b2c3d, cannot be: '" + options.runId + "'");
      }
      config = options.config.load();
      config.notes().forEach(n -> err.println(Runs.printable(n)));
    } catch (CommandLine.ParameterException e) {
      return usage("Cannot parse arguments: " + e.getMessage(), err);
    } catch (IllegalArgumentException | ConfigException e) {
      return usage(e.getMessage(), err);
    }
    // every table the configuration declares; the ledger's own tables are the record, never undone
    List<TableId> tables = config.lakehouse().formatOverrides().keySet().stream()
        .filter(id -> !id.zone().equals("audit")).sorted(Comparator.comparing(TableId::toString)).toList();
    return Runs.inSession(given, config, NAME, "Cannot roll back run " + options.runId, err, spark -> {
      Rollback.Plan plan;
      try {
        plan = Rollback.plan(Lakehouse.open(spark, config.lakehouse()), tables, options.runId, options.force);
      } catch (Rollback.RollbackException e) {
        err.println(config.redact(e.getMessage()));
        return e.unknownRun() ? JobLauncher.USAGE : JobLauncher.FAILED;
      }
      out.print(plan.render(options.force));
      if (options.dryRun) {
        out.println("dry run: nothing was restored");
        return JobLauncher.OK;
      }
      return apply(spark, config, plan, out, err);
    });
  }

  private static int apply(SparkSession spark, LakeshoreConfig config, Rollback.Plan plan, PrintStream out, PrintStream err) {
    RunLedger ledger = config.ledger() ? new RunLedger(spark, Lakehouse.open(spark, config.lakehouse())) : null;
    List<RunLedger.RecordedRun> recorded = ledger == null ? List.of() : ledger.recorded(plan.runs());
    // the rollback's window spans the windows of the runs it undoes
    RunWindow window = recorded.isEmpty()
        ? RunWindow.of(LocalDate.now(ZoneOffset.UTC))
        : RunWindow.between(recorded.stream().map(r -> r.window().from()).min(Comparator.naturalOrder()).orElseThrow(),
            recorded.stream().map(r -> r.window().to()).max(Comparator.naturalOrder()).orElseThrow());
    RunContext run = RunContext.start(NAME, window);
    RunReport report = new RunReport(run, config.env());
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    int code = JobLauncher.OK;
    try {
      report.writeJson(config.reportDir(), hadoop);
      Rollback.apply(Lakehouse.open(spark, config.lakehouse(), report::committed), plan, run.commitInfo());
      report.finish(RunReport.Status.SUCCEEDED, Optional.empty());
    } catch (java.io.IOException | RuntimeException e) {
      String message = config.redact(String.valueOf(e.getMessage()));
      report.finish(RunReport.Status.FAILED, Optional.of(message));
      err.println("Cannot roll back run " + plan.runId() + ": " + message);
      code = JobLauncher.FAILED;
    }
    boolean done = code == JobLauncher.OK;
    return Runs.finish(code, report, config, hadoop, ledger == null ? null : () -> {
      if (done) {
        ledger.rolledBack(report, config.env(), config.digest(), JobLauncher.CODE_VERSION, recorded);
      } else {
        ledger.record(report, config.env(), config.digest(), JobLauncher.CODE_VERSION, List.of());
      }
    }, out, err);
  }

  private static int usage(String message, PrintStream err) {
    err.println(Runs.printable(message));
    err.println("Usage: rollback --run-id RUN_ID [--force] [--dry-run] [--env ENV] [--conf KEY=VALUE]... [--conf-dir DIR]; --help for details");
    return JobLauncher.USAGE;
  }
}
