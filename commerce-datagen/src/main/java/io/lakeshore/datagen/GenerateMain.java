package io.lakeshore.datagen;

import io.lakeshore.core.job.RunWindow;
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
    CommerceGenerator generator = new CommerceGenerator(new GeneratorSettings(seed, d.ordersPerDay(), d.customers(), d.products(),
        d.malformedRate(), d.missingFieldRate(), d.wrongTypeRate(), d.negativeAmountRate(), d.unknownCustomerRate(),
        d.duplicateRate(), d.lateRate(), d.tooLateRate(), d.latenessDays()));
    for (LocalDate day : window.dates()) {
      DayManifest m = generator.generate(rawDir, day);
      System.out.println("landed " + day + ": " + m.orderLines() + " order lines, " + m.customerRows() + " customers");
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new GenerateMain()).execute(args));
  }
}
