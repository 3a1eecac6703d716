package io.lakeshore.bench;

import io.lakeshore.bench.Bench.Measure;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.GeneratorSettings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Incremental cost: does a daily run cost the same with 1 day and with N days of history in its
 * tables? For each table format, two lakes are built from the same generated days: one holding
 * only the day before the new day, one holding the N days before it. Each is copied aside; then,
 * {@code --reps} times, the lake is restored from its copy and the three commerce jobs run for the
 * new day, each in its own JVM timed from outside (GNU time), with Spark's counts and the distinct
 * files each run opened per table ({@link CountingFileSystem}). The target: every job's run on the
 * long history within 1.25× of its run on the short one.
 */
@Command(name = "benchmark incremental", mixinStandardHelpOptions = true,
    description = "Daily run cost with 1 day against N days of history in the tables.")
public final class IncrementalBenchmark implements Callable<Integer> {
  @Option(names = "--orders", defaultValue = "50000", description = "New orders per day (default ${DEFAULT-VALUE}: ~68k lines).")
  int orders;

  @Option(names = "--history", defaultValue = "60", description = "Days of history in the long lake (default ${DEFAULT-VALUE}).")
  int history;

  @Option(names = "--also", split = ",", defaultValue = "10",
      description = "Other history lengths measured between 1 and --history (default ${DEFAULT-VALUE}: just past the 7-day lateness"
          + " horizon, where a run that follows its window stops growing).")
  List<Integer> also;

  @Option(names = "--build-window", defaultValue = "10",
      description = "Days per run while building a lake's history (default ${DEFAULT-VALUE}; 1 = one run per day, as in production).")
  int buildWindow;

  @Option(names = "--reps", defaultValue = "3", description = "Measured runs of each job on each lake (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--formats", split = ",", defaultValue = "delta,iceberg", description = "Table formats (default ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--work", defaultValue = "/tmp/lakeshore-incremental", description = "Data and lakes (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--heap", defaultValue = "4g", description = "Heap of each measured JVM (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--partitions", defaultValue = "8", description = "spark.sql.shuffle.partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Where the JSON and the chart go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--conf-dir", defaultValue = "conf", description = "The library's configuration folder (default ${DEFAULT-VALUE}).")
  Path confDir;

  static final List<String> JOBS = List.of("enrichment", "curation", "aggregation");
  static final LocalDate FIRST = LocalDate.parse("2026-01-01");

  @Override
  public Integer call() throws Exception {
    if (history < 2) {
      throw new CommandLine.ParameterException(new CommandLine(this), "Cannot benchmark: --history must be at least 2, was " + history);
    }
    LocalDate day = FIRST.plusDays(history);
    generate(day);
    // format -> history -> job -> runs
    Map<String, Map<Integer, Map<String, List<Measure>>>> results = new LinkedHashMap<>();
    for (String format : formats) {
      for (int days : lengths()) {
        Path lake = work.resolve("lake-" + format + "-" + days);
        Path copy = work.resolve("lake-" + format + "-" + days + ".copy");
        build(format, days, day, lake, copy);
        Map<String, List<Measure>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
          Bench.deleteTree(lake);
          Bench.copyTree(copy, lake);
          for (String job : JOBS) {
            Measure m = run(format, lake, true, job, "--date", day.toString());
            runs.computeIfAbsent(job, j -> new ArrayList<>()).add(m);
            System.out.printf(Locale.ROOT, "%-7s %3d days %-11s run %d: %6.1f s wall, %6.1f CPU-s, %5d MB RSS %s%n", format, days, job, rep,
                m.wall(), m.cpu(), m.rssKb() / 1024, m.metrics());
          }
        }
        results.computeIfAbsent(format, f -> new LinkedHashMap<>()).put(days, runs);
      }
    }
    report(day, results);
    return 0;
  }

  /** Lands FIRST..day once per size; the marker names what it was made for. */
  private void generate(LocalDate day) throws IOException {
    Path marker = work.resolve("raw/.generated-" + orders + "-" + FIRST + "-" + day);
    if (Files.exists(marker)) {
      return;
    }
    Bench.deleteTree(work);
    long start = System.nanoTime();
    long lines = 0;
    CommerceGenerator generator = new CommerceGenerator(GeneratorSettings.defaults(orders));
    for (LocalDate d = FIRST; !d.isAfter(day); d = d.plusDays(1)) {
      DayManifest manifest = generator.generate(work.resolve("raw").toString(), d);
      lines += manifest.orderLines();
    }
    System.out.printf(Locale.ROOT, "generated %d order lines for %s..%s in %.1f s%n", lines, FIRST, day, (System.nanoTime() - start) / 1e9);
    Files.writeString(marker, Long.toString(lines));
  }

  /** Runs the jobs over the {@code days} before {@code day}, in windows of --build-window days, and copies the lake aside. */
  private void build(String format, int days, LocalDate day, Path lake, Path copy) throws IOException, InterruptedException {
    Path marker = copy.resolve(".built");
    if (Files.exists(marker)) {
      return;
    }
    Bench.deleteTree(lake);
    Bench.deleteTree(copy);
    long start = System.nanoTime();
    for (LocalDate from = day.minusDays(days); from.isBefore(day); from = from.plusDays(buildWindow)) {
      LocalDate to = from.plusDays(buildWindow - 1).isBefore(day) ? from.plusDays(buildWindow - 1) : day.minusDays(1);
      for (String job : JOBS) {
        run(format, lake, false, job, "--from", from.toString(), "--to", to.toString());
      }
    }
    Bench.copyTree(lake, copy);
    Files.writeString(marker, "");
    System.out.printf(Locale.ROOT, "%s lake with %d days of history built in %.1f s%n", format, days, (System.nanoTime() - start) / 1e9);
  }

  private Measure run(String format, Path lake, boolean measured, String job, String... window) throws IOException, InterruptedException {
    List<String> args = JobRun.arguments(job, lake, work.resolve("raw"), format, partitions, confDir, window);
    Measure m = Bench.measure(job + " " + String.join(" ", window) + " on " + lake, heap, args);
    if (!measured) {
      System.out.printf(Locale.ROOT, "  built %-11s %s: %.1f s%n", job, String.join(" ", window), m.wall());
    }
    return m;
  }

  /** 1, the --also lengths between, and --history, ascending. */
  private List<Integer> lengths() {
    java.util.TreeSet<Integer> all = new java.util.TreeSet<>(List.of(1, history));
    also.stream().filter(d -> d > 1 && d < history).forEach(all::add);
    return List.copyOf(all);
  }

  private void report(LocalDate day, Map<String, Map<Integer, Map<String, List<Measure>>>> results) throws IOException {
    StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
        "{\n  \"day\": \"%s\", \"orders_per_day\": %d, \"history_days\": %s, \"build_window\": %d, \"reps\": %d, \"heap\": \"%s\","
            + " \"shuffle_partitions\": %d,\n  \"runs\": [\n", day, orders, lengths(), buildWindow, reps, heap, partitions));
    System.out.printf(Locale.ROOT, "%nmedian of %d runs of %s against days of history (target: %d days within 1.25x of 1 day)%n", reps, day,
        history);
    System.out.printf(Locale.ROOT, "%-8s %-12s %5s %8s %8s %7s %12s %14s  %s%n", "format", "job", "days", "wall s", "CPU s", "ratio",
        "MB read", "tables opened", "");
    Map<String, double[]> bars = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    for (var byFormat : results.entrySet()) {
      for (String job : JOBS) {
        double shortWall = Bench.median(byFormat.getValue().get(1).get(job).stream().map(Measure::wall).toList());
        double[] walls = new double[lengths().size()];
        int i = 0;
        for (int days : lengths()) {
          List<Measure> runs = byFormat.getValue().get(days).get(job);
          Measure last = runs.get(runs.size() - 1);
          double wall = Bench.median(runs.stream().map(Measure::wall).toList());
          double cpu = Bench.median(runs.stream().map(Measure::cpu).toList());
          double ratio = wall / shortWall;
          walls[i++] = wall;
          System.out.printf(Locale.ROOT, "%-8s %-12s %5d %8.1f %8.1f %6.2fx %12.1f %14.1f  %s%n", byFormat.getKey(), job, days, wall, cpu, ratio,
              Bench.number(last.metrics(), "file_bytes_read") / 1e6, dataOpened(last.metrics()) / 1e6,
              days == history ? (ratio <= 1.25 ? "met" : "NOT MET") : "");
          rows.add(String.format(Locale.ROOT, "    {\"format\": \"%s\", \"job\": \"%s\", \"history_days\": %d, \"median_wall_s\": %.1f,"
                  + " \"ratio_to_1_day\": %.2f, \"walls_s\": %s, \"median_cpu_s\": %.1f, \"last_run\": %s}",
              byFormat.getKey(), job, days, wall, ratio, walls(runs), cpu, last.metrics()));
        }
        bars.put(byFormat.getKey() + " " + job, walls);
      }
    }
    json.append(String.join(",\n", rows)).append("\n  ]\n}\n");
    Files.createDirectories(out);
    Files.writeString(out.resolve("incremental.json"), json.toString());
    chart(bars, out.resolve("incremental.png"));
    System.out.println("wrote " + out.resolve("incremental.json") + " and " + out.resolve("incremental.png"));
  }

  private static String walls(List<Measure> runs) {
    return runs.stream().map(m -> String.format(Locale.ROOT, "%.1f", m.wall())).toList().toString();
  }

  /** The bytes of the table data files a run opened (logs, raw and staged files left out). */
  private static long dataOpened(String metrics) {
    Matcher m = Pattern.compile("\"([a-z_]+\\.[a-z_]+)\":\\[([0-9]+),([0-9]+)\\]").matcher(metrics);
    long bytes = 0;
    while (m.find()) {
      bytes += Long.parseLong(m.group(3));
    }
    return bytes;
  }

  /** One bar per history length for each format and job: the median wall time. */
  private void chart(Map<String, double[]> bars, Path file) throws IOException {
    List<Integer> lengths = lengths();
    int barH = 18;
    int group = lengths.size() * (barH + 2) + 14;
    int w = 760;
    int h = 70 + bars.size() * group;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Bench.canvas(image, "Daily run, median s, by days of history in the tables: " + lengths.stream()
        .map(d -> d + (d == 1 ? " day" : " days")).collect(java.util.stream.Collectors.joining(", ")));
    Color[] colors = {new Color(70, 110, 180), new Color(120, 170, 90), new Color(220, 140, 50), new Color(150, 60, 160)};
    double max = bars.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
    int left = 190;
    int barW = w - left - 120;
    int y = 50;
    for (Map.Entry<String, double[]> e : bars.entrySet()) {
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), 20, y + group / 2);
      for (int i = 0; i < lengths.size(); i++) {
        double v = e.getValue()[i];
        int len = (int) (barW * v / max);
        int top = y + i * (barH + 2);
        g.setColor(colors[i % colors.length]);
        g.fillRect(left, top, len, barH);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%d d: %.1f s (%.2fx)", lengths.get(i), v, v / e.getValue()[0]), left + len + 6, top + 14);
      }
      y += group;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new IncrementalBenchmark()).execute(args));
  }
}
