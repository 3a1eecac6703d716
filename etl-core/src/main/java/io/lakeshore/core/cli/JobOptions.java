package io.lakeshore.core.cli;

import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The options every job takes; parsed by picocli, checked by {@link #window()}. */
final class JobOptions {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Process one date.")
  String date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First date of a backfill range (inclusive); needs --to.")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last date of a backfill range (inclusive); needs --from.")
  String to;

  @picocli.CommandLine.Mixin
  ConfigOptions config = new ConfigOptions();

  @Option(names = "--dry-run", description = "Print the plan (inputs, outputs, partitions replaced) and write nothing.")
  boolean dryRun;

  // arity 0..1: `--only-missing=false` as well as the bare flag, so a launcher that renders its
  // arguments one element at a time (an Airflow param) can pass either value in one element
  @Option(names = "--only-missing", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "Run only the dates of the window that the run ledger shows missing, failed or stale (raw input changed,"
          + " or a table read was rewritten since), each as its own run, in date order. With --dry-run, print those dates"
          + " and why (this reads the ledger, so Spark starts). --only-missing=false runs every date.")
  boolean onlyMissing;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** The run window; dates are parsed here, never pasted into SQL. */
  RunWindow window() {
    if (date != null) {
      if (from != null || to != null) {
        throw new IllegalArgumentException("Cannot parse arguments: --date cannot be combined with --from/--to");
      }
      return RunWindow.of(RunWindow.parseDate("--date", date));
    }
    if (from == null && to == null) {
      throw new IllegalArgumentException("Cannot parse arguments: give --date, or --from and --to");
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException(
          "Cannot parse arguments: " + (from == null ? "--to needs --from" : "--from needs --to"));
    }
    LocalDate first = RunWindow.parseDate("--from", from);
    LocalDate last = RunWindow.parseDate("--to", to);
    return RunWindow.between(first, last);
  }
}
