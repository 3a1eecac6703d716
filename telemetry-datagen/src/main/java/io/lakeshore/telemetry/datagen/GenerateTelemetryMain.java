package io.lakeshore.telemetry.datagen;

import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate-telemetry --raw-dir DIR (--date D | --from D1 --to D2) [--devices N] [--seed S]}. */
@Command(name = "generate-telemetry", mixinStandardHelpOptions = true,
    description = "Land generated raw telemetry (readings and the device registry) for a date range.")
public final class GenerateTelemetryMain implements Callable<Integer> {
  @Option(names = "--raw-dir", required = true, description = "Raw zone folder.")
  String rawDir;

  @Option(names = "--date", description = "One date (YYYY-MM-DD).")
  String date;

  @Option(names = "--from", description = "First date (inclusive).")
  String from;

  @Option(names = "--to", description = "Last date (inclusive).")
  String to;

  @Option(names = "--devices", defaultValue = "200", description = "Devices in the fleet (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    RunWindow window;
    TelemetryGenerator generator;
    try {
      window = date != null
          ? RunWindow.of(RunWindow.parseDate("--date", date))
          : new RunWindow(RunWindow.parseDate("--from", String.valueOf(from)), RunWindow.parseDate("--to", String.valueOf(to)));
      TelemetrySettings d = TelemetrySettings.defaults(devices);
      generator = new TelemetryGenerator(new TelemetrySettings(seed, d.devices(), d.sites(), d.readingsPerDay(), d.malformedRate(),
          d.outOfRangeRate(), d.unitMixupRate(), d.clockSkewRate(), d.unknownDeviceRate(), d.duplicateRate(), d.lateRate(),
          d.tooLateRate(), d.lookbackDays()));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    for (LocalDate day : window.dates()) {
      TelemetryManifest m = generator.generate(rawDir, day);
      System.out.printf(Locale.ROOT, "landed %s: %d reading lines, %d devices (%d moved, %d recalibrated)%n",
          day, m.readingLines(), m.deviceRows(), m.moved().size(), m.recalibrated().size());
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new GenerateTelemetryMain()).execute(args));
  }
}
