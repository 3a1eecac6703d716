package io.lakeshore.datagen;

import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate --raw-dir DIR (--date D | --from D1 --to D2) [--orders N] [--seed S]}. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Land generated raw commerce files for a date range.")
public final class GenerateMain implements Callable<Integer> {
  @Option(names = "--raw-dir", required = true, description = "Raw zone folder.")
  String rawDir;

  @Option(names = "--date", description = "One date (YYYY-MM-DD).")
  String date;

  @Option(names = "--from", description = "First date (inclusive).")
  String from;

  @Option(names = "--to", description = "Last date (inclusive).")
  String to;

  @Option(names = "--orders", defaultValue = "2000", description = "New orders per day (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--fault-rate", defaultValue = "0.01",
      description = "Rate of each quarantined fault kind: malformed, missing customer, wrong type, negative amount, unknown customer (default: ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(names = "--duplicate-rate", defaultValue = "0.02", description = "Rate of events delivered twice (default: ${DEFAULT-VALUE}).")
  double duplicateRate;

  @Option(names = "--late-rate", defaultValue = "0.03", description = "Rate of extra events landing 1..7 days late (default: ${DEFAULT-VALUE}).")
  double lateRate;

  @Override
  public Integer call() {
    RunWindow window;
    try {
      window = date != null
          ? RunWindow.of(RunWindow.parseDate("--date", date))
          : new RunWindow(RunWindow.parseDate("--from", String.valueOf(from)), RunWindow.parseDate("--to", String.valueOf(to)));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    GeneratorSettings d = GeneratorSettings.defaults(orders);
    CommerceGenerator generator;
    try {
      generator = new CommerceGenerator(new GeneratorSettings(seed, d.ordersPerDay(), d.customers(), d.products(),
          faultRate, faultRate, faultRate, faultRate, faultRate, duplicateRate, lateRate, faultRate / 2, d.latenessDays()));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    long lines = 0;
    for (LocalDate day : window.dates()) {
      DayManifest m = generator.generate(rawDir, day);
      System.out.println("landed " + day + ": " + m.orderLines() + " order lines, " + m.customerRows() + " customers");
      lines += m.orderLines();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(java.util.Locale.ROOT, "%d order lines in %.1f s (%.0f lines/s)%n", lines, seconds, lines / seconds);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new GenerateMain()).execute(args));
  }
}
