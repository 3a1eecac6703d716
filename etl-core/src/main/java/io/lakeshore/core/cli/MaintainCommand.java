package io.lakeshore.core.cli;

import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.ops.Maintenance;
import io.lakeshore.core.ops.MaintenanceSettings;
import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.run.RunContext;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.CommitInfo;
import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Lakeshore maintain [--table zone.name]... [--only TASK]... [--date D] [--dry-run]}: the
 * upkeep of the lake's tables (retention, compaction, clean-up; see {@link Maintenance}) with each
 * table's {@code maintenance} settings, and retention of the raw landing folders. Same
 * configuration options and exit codes as the jobs. A maintenance run is a run: its commits name
 * it, it has a run report and a ledger row, and {@code rollback --run-id} undoes its retention.
 */
public final class MaintainCommand {
  /** The job name a maintenance run is recorded under. */
  public static final String NAME = "maintain";

  @Command(name = NAME, description = "Retention, compaction and clean-up of the lake's tables, and raw retention.")
  static final class Options {
    @Option(names = "--table", paramLabel = "ZONE.NAME", description = "A table to maintain (repeatable; default: every table).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--only", paramLabel = "TASK", description = "Run only these tasks (repeatable): ${COMPLETION-CANDIDATES}.")
    List<Maintenance.Task> only = new ArrayList<>();

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The date retention counts back from (default: today, UTC).")
    String date;

    @Option(names = "--dry-run", description = "Print what would be deleted, compacted and removed; change nothing.")
    boolean dryRun;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
  }

  private MaintainCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, null, System.out, System.err));
  }

  /** Runs in-process and returns the exit code; builds its own session when {@code given} is null. */
  public static int run(String[] args, SparkSession given, PrintStream out, PrintStream err) {
    Options options = new Options();
    CommandLine cli = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    LakeshoreConfig config;
    LocalDate date;
    Map<TableId, MaintenanceSettings> tables = new LinkedHashMap<>();
    try {
      cli.parseArgs(args);
      if (options.help) {
        cli.usage(out);
        return JobLauncher.OK;
      }
      date = options.date == null ? LocalDate.now(ZoneOffset.UTC) : RunWindow.parseDate("--date", options.date);
      config = options.config.load();
      config.notes().forEach(n -> err.println(Runs.printable(n)));
      List<TableId> declared = config.lakehouse().formatOverrides().keySet().stream()
          .sorted(Comparator.comparing(TableId::toString)).toList();
      List<TableId> chosen = new ArrayList<>();
      for (String t : options.tables) {
        TableId id = TableId.parse(t);
        if (!declared.contains(id)) {
          throw new IllegalArgumentException("Cannot maintain table " + t + ": the configuration declares no such table; declared: "
              + declared.stream().map(TableId::toString).toList());
        }
        chosen.add(id);
      }
      for (TableId id : chosen.isEmpty() ? declared : chosen) {
        tables.put(id, MaintenanceSettings.of(config.tableSettings(id))); // a bad setting fails here, before Spark starts
      }
    } catch (CommandLine.ParameterException e) {
      return usage("Cannot parse arguments: " + e.getMessage(), err);
    } catch (IllegalArgumentException | ConfigException e) {
      return usage(e.getMessage(), err);
    }
    Set<Maintenance.Task> tasks = options.only.isEmpty() ? EnumSet.allOf(Maintenance.Task.class) : EnumSet.copyOf(options.only);
    return Runs.inSession(given, config, NAME, "Cannot maintain the lake", err,
        spark -> maintain(spark, config, tables, tasks, date, options.dryRun, out, err));
  }

  private static int maintain(SparkSession spark, LakeshoreConfig config, Map<TableId, MaintenanceSettings> tables,
      Set<Maintenance.Task> tasks, LocalDate date, boolean dryRun, PrintStream out, PrintStream err) {
    RunContext run = RunContext.start(NAME, RunWindow.of(date));
    RunReport report = new RunReport(run, config.env());
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Lakehouse lakehouse = Lakehouse.open(spark, config.lakehouse(), report::committed);
    Maintenance maintenance = new Maintenance(out, dryRun);
    CommitInfo commit = run.commitInfo();
    out.println(NAME + " " + (dryRun ? "(dry run: nothing changes) " : "") + "as of " + date + ", run " + run.runId());
    int code = JobLauncher.OK;
    try {
      if (!dryRun) {
        report.writeJson(config.reportDir(), hadoop);
      }
      for (Map.Entry<TableId, MaintenanceSettings> e : tables.entrySet()) {
        if (!lakehouse.exists(e.getKey())) {
          out.println("  " + e.getKey() + ": not created yet");
          continue;
        }
        LakeTable table = lakehouse.table(e.getKey());
        if (tasks.contains(Maintenance.Task.RETENTION)) {
          maintenance.retention(table, e.getValue(), date, commit);
        }
        if (tasks.contains(Maintenance.Task.COMPACT)) {
          maintenance.compact(table, e.getValue(), commit);
        }
        if (tasks.contains(Maintenance.Task.CLEAN)) {
          maintenance.clean(table, e.getValue(), commit);
        }
      }
      if (tasks.contains(Maintenance.Task.RAW)) {
        maintenance.raw(spark, new RawZone(config.lakehouse().raw()), config.rawRetentionDays(), date);
      }
      report.finish(RunReport.Status.SUCCEEDED, Optional.empty());
    } catch (java.io.IOException | RuntimeException e) {
      String message = config.redact(String.valueOf(e.getMessage()));
      report.finish(RunReport.Status.FAILED, Optional.of(message));
      err.println("Cannot maintain the lake: " + message);
      code = JobLauncher.FAILED;
    }
    if (dryRun) {
      return code;
    }
    return Runs.finish(code, report, config, hadoop, !config.ledger() ? null
        : () -> new RunLedger(spark, Lakehouse.open(spark, config.lakehouse())).record(report, config.env(), config.digest(),
            JobLauncher.CODE_VERSION, List.of()), out, err);
  }

  private static int usage(String message, PrintStream err) {
    err.println(Runs.printable(message));
    err.println("Usage: maintain [--table ZONE.NAME]... [--only TASK]... [--date D] [--dry-run] [--env ENV] [--conf KEY=VALUE]..."
        + " [--conf-dir DIR]; --help for details");
    return JobLauncher.USAGE;
  }
}
