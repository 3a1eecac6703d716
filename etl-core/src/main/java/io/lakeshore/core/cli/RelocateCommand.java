package io.lakeshore.core.cli;

import io.lakeshore.core.config.ConfigException;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.ops.RelocatingFileIO;
import io.lakeshore.core.ops.Relocation;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Lakeshore relocate --from OLD_ROOT [--dry-run]}: after the lake's root was moved (or
 * copied) from {@code OLD_ROOT} to the configured {@code lakeshore.root}, makes its Iceberg tables
 * open at the new root (see {@link Relocation}); Delta tables need nothing. Same configuration
 * options and exit codes as the jobs: 0 done, dry run, or nothing to do; 1 a table could not be
 * relocated (the others are); 2 bad arguments or configuration. A second run finds nothing to do.
 */
public final class RelocateCommand {
  /** The command's name. */
  public static final String NAME = "relocate";

  @Command(name = NAME, description = "Re-point a moved lake's Iceberg tables at its new root (lakeshore.root).")
  static final class Options {
    @Option(names = "--from", required = true, paramLabel = "OLD_ROOT",
        description = "Where the lake was: its old lakeshore.root, a path or URI (file:///data/lakehouse, s3a://bucket/lake).")
    String from;

    @Option(names = "--dry-run", description = "Print each table to relocate with its old and new metadata file; change nothing.")
    boolean dryRun;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
  }

  private RelocateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, null, System.out, System.err));
  }

  /** Runs in-process and returns the exit code; builds its own session when {@code given} is null. */
  public static int run(String[] args, SparkSession given, PrintStream out, PrintStream err) {
    Options options = new Options();
    CommandLine cli = new CommandLine(options);
    LakeshoreConfig config;
    String from;
    try {
      cli.parseArgs(args);
      if (options.help) {
        cli.usage(out);
        return JobLauncher.OK;
      }
      if (options.from.isBlank()) {
        throw new IllegalArgumentException("Cannot parse arguments: --from must be the lake's old root, cannot be empty");
      }
      config = options.config.load();
      config.notes().forEach(n -> err.println(Runs.printable(n)));
      from = strip(LakeshoreConfig.toUri(options.from));
      if (sameRoot(from, config.root())) {
        throw new IllegalArgumentException("Cannot relocate: --from " + options.from + " is the configured root " + config.root()
            + "; set lakeshore.root (or LAKESHORE_ROOT) to where the lake is now");
      }
      if (RelocatingFileIO.under(config.root(), from)) {
        throw new IllegalArgumentException("Cannot relocate: the configured root " + config.root() + " lies under --from " + from
            + ", so old and new paths could not be told apart; relocate the lake beside its old place, not into it");
      }
      // a mistyped root would otherwise get an empty catalog file, and nothing to relocate
      boolean local = config.root().startsWith("file:///");
      if (local && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(config.root().substring("file://".length())))) {
        throw new IllegalArgumentException("Cannot relocate: the configured root " + config.root() + " is not a folder;"
            + " move the lake there first, or set lakeshore.root (or LAKESHORE_ROOT) to where it is");
      }
    } catch (CommandLine.ParameterException e) {
      return usage("Cannot parse arguments: " + e.getMessage(), err);
    } catch (IllegalArgumentException | ConfigException e) {
      return usage(e.getMessage(), err);
    }
    String to = strip(config.root());
    return Runs.inSession(given, config, NAME, "Cannot relocate the lake", err, spark -> {
      try (Relocation relocation = Relocation.open(spark, config.lakehouse(), from, to)) {
        Relocation.Plan plan = relocation.plan();
        out.print(plan.render());
        plan.problems().forEach(err::println);
        if (options.dryRun) {
          out.println("dry run: nothing was changed");
          return plan.problems().isEmpty() ? JobLauncher.OK : JobLauncher.FAILED;
        }
        int failed = plan.problems().size();
        for (Relocation.Move move : plan.moves()) {
          try {
            relocation.apply(move);
            out.println("  " + move.table() + ": relocated");
          } catch (Relocation.RelocationException e) {
            err.println(config.redact(e.getMessage()));
            failed++;
          }
        }
        return failed == 0 ? JobLauncher.OK : JobLauncher.FAILED;
      }
    });
  }

  private static boolean sameRoot(String a, String b) {
    return RelocatingFileIO.under(a, b) && RelocatingFileIO.under(b, a);
  }

  private static String strip(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private static int usage(String message, PrintStream err) {
    err.println(Runs.printable(message));
    err.println("Usage: relocate --from OLD_ROOT [--dry-run] [--env ENV] [--conf KEY=VALUE]... [--conf-dir DIR]; --help for details");
    return JobLauncher.USAGE;
  }
}
