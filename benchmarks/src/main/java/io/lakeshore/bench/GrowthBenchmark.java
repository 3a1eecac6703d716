package io.lakeshore.bench;

import io.lakeshore.bench.Bench.Measure;
import io.lakeshore.datagen.CommerceGenerator;
import io.lakeshore.datagen.DayManifest;
import io.lakeshore.datagen.GeneratorSettings;
import java.awt.BasicStroke;
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
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Growth with input: one generated day of N order lines, for each N and table format, on a fresh
 * lake: the three commerce jobs run for that day, each in its own JVM under GNU time as in
 * production (three spark-submits), so the sum of the three is the whole pipeline from JVM start
 * to serving written. Reports wall and CPU time, peak RSS and where the memory went (the heap's
 * peak, the largest task's execution memory), and the bytes each job read.
 */
@Command(name = "benchmark growth", mixinStandardHelpOptions = true,
    description = "Time and memory of each commerce job against the size of one day's input, Delta and Iceberg.")
public final class GrowthBenchmark implements Callable<Integer> {
  /** Order lines per generated order with the generator's defaults (5,076,838 lines for 3,750,000 orders). */
  static final double LINES_PER_ORDER = 5_076_838 / 3_750_000.0;

  @Option(names = "--lines", split = ",", defaultValue = "1000000,5000000,20000000",
      description = "Order lines of the day, one run per size (default ${DEFAULT-VALUE}).")
  List<Long> lines;

  @Option(names = "--formats", split = ",", defaultValue = "delta,iceberg", description = "Table formats (default ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--reps", defaultValue = "1", description = "Runs of the pipeline per size and format (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--work", defaultValue = "/tmp/lakeshore-growth", description = "Data and lakes (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--heap", defaultValue = "6g", description = "Heap of each measured JVM (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--partitions", defaultValue = "8", description = "spark.sql.shuffle.partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Where the JSON and the charts go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--conf-dir", defaultValue = "conf", description = "The library's configuration folder (default ${DEFAULT-VALUE}).")
  Path confDir;

  static final List<String> JOBS = List.of("enrichment", "curation", "aggregation");
  static final LocalDate DAY = LocalDate.parse("2026-01-15");

  /** One size: the lines generated and, per format and job, the measured runs. */
  record Size(long lines, Map<String, Map<String, List<Measure>>> runs) {}

  @Override
  public Integer call() throws Exception {
    List<Size> sizes = new ArrayList<>();
    for (long target : lines) {
      Path raw = work.resolve("raw-" + target);
      long generated = generate(target, raw);
      Map<String, Map<String, List<Measure>>> byFormat = new LinkedHashMap<>();
      for (String format : formats) {
        Path lake = work.resolve("lake");
        for (int rep = 1; rep <= reps; rep++) {
          Bench.deleteTree(lake);
          for (String job : JOBS) {
            Measure m = Bench.measure(job + " on " + generated + " lines", heap,
                JobRun.arguments(job, lake, raw, format, partitions, confDir, "--date", DAY.toString()));
            byFormat.computeIfAbsent(format, f -> new LinkedHashMap<>()).computeIfAbsent(job, j -> new ArrayList<>()).add(m);
            System.out.printf(Locale.ROOT, "%,12d lines %-7s %-11s run %d: %7.1f s wall, %7.1f CPU-s, %6d MB RSS, heap peak %5d MB,"
                    + " largest task %5d MB%n", generated, format, job, rep, m.wall(), m.cpu(), m.rssKb() / 1024,
                Bench.number(m.metrics(), "heap_peak_bytes") >> 20, Bench.number(m.metrics(), "peak_task_memory_bytes") >> 20);
          }
        }
        Bench.deleteTree(lake);
      }
      sizes.add(new Size(generated, byFormat));
    }
    report(sizes);
    return 0;
  }

  /** Generates the day once per size (kept for later runs: the marker holds the lines). */
  private long generate(long target, Path raw) throws IOException {
    Path marker = raw.resolve(".generated");
    if (Files.exists(marker)) {
      return Long.parseLong(Files.readString(marker).trim());
    }
    Bench.deleteTree(raw);
    long start = System.nanoTime();
    int orders = (int) Math.round(target / LINES_PER_ORDER);
    DayManifest manifest = new CommerceGenerator(GeneratorSettings.defaults(orders)).generate(raw.toString(), DAY);
    System.out.printf(Locale.ROOT, "generated %,d order lines (%,d orders) for %s in %.1f s%n", manifest.orderLines(), orders, DAY,
        (System.nanoTime() - start) / 1e9);
    Files.writeString(marker, Long.toString(manifest.orderLines()));
    return manifest.orderLines();
  }

  private static double medianWall(List<Measure> runs) {
    return Bench.median(runs.stream().map(Measure::wall).toList());
  }

  private void report(List<Size> sizes) throws IOException {
    System.out.printf(Locale.ROOT, "%nmedian of %d run(s) per size; whole pipeline = the three JVMs one after another%n", reps);
    System.out.printf(Locale.ROOT, "%12s %-8s %-12s %9s %9s %9s %10s %12s %11s%n", "lines", "format", "job", "wall s", "CPU s", "RSS MB",
        "heap MB", "task MB", "lines/s");
    List<String> rows = new ArrayList<>();
    // series for the chart: format + job -> (lines, median wall)
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Size size : sizes) {
      for (var byFormat : size.runs().entrySet()) {
        double pipeline = 0;
        for (String job : JOBS) {
          List<Measure> runs = byFormat.getValue().get(job);
          Measure last = runs.get(runs.size() - 1);
          double wall = medianWall(runs);
          pipeline += wall;
          double cpu = Bench.median(runs.stream().map(Measure::cpu).toList());
          long rss = runs.stream().mapToLong(Measure::rssKb).max().orElse(0) / 1024;
          System.out.printf(Locale.ROOT, "%,12d %-8s %-12s %9.1f %9.1f %9d %10d %12d %,11.0f%n", size.lines(), byFormat.getKey(), job, wall, cpu,
              rss, Bench.number(last.metrics(), "heap_peak_bytes") >> 20, Bench.number(last.metrics(), "peak_task_memory_bytes") >> 20,
              size.lines() / wall);
          series.computeIfAbsent(byFormat.getKey() + " " + job, k -> new ArrayList<>()).add(new double[] {size.lines(), wall});
          rows.add(String.format(Locale.ROOT, "    {\"lines\": %d, \"format\": \"%s\", \"job\": \"%s\", \"median_wall_s\": %.1f, \"walls_s\": %s,"
                  + " \"median_cpu_s\": %.1f, \"peak_rss_mb\": %d, \"last_run\": %s}",
              size.lines(), byFormat.getKey(), job, wall, runs.stream().map(m -> String.format(Locale.ROOT, "%.1f", m.wall())).toList(), cpu,
              rss, last.metrics()));
        }
        System.out.printf(Locale.ROOT, "%,12d %-8s %-12s %9.1f%n", size.lines(), byFormat.getKey(), "pipeline", pipeline);
        series.computeIfAbsent(byFormat.getKey() + " pipeline", k -> new ArrayList<>()).add(new double[] {size.lines(), pipeline});
      }
    }
    String json = String.format(Locale.ROOT, "{\n  \"day\": \"%s\", \"reps\": %d, \"heap\": \"%s\", \"shuffle_partitions\": %d,\n  \"runs\": [\n%s\n  ]\n}\n",
        DAY, reps, heap, partitions, String.join(",\n", rows));
    Files.createDirectories(out);
    Files.writeString(out.resolve("growth.json"), json);
    chart(series, out.resolve("growth.png"));
    System.out.println("wrote " + out.resolve("growth.json") + " and " + out.resolve("growth.png"));
  }

  /** Median wall seconds against order lines, one line per format and job (and the whole pipeline). */
  private static void chart(Map<String, List<double[]>> series, Path file) throws IOException {
    int w = 820;
    int h = 520;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Bench.canvas(image, "One day's input: median wall s against order lines (each job in its own JVM)");
    int left = 70;
    int right = w - 230;
    int top = 50;
    int bottom = h - 50;
    double maxX = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
    double maxY = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1);
    g.setColor(Color.GRAY);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (int i = 0; i <= 4; i++) {
      int y = bottom - (bottom - top) * i / 4;
      g.drawString(String.format(Locale.ROOT, "%.0f s", maxY * i / 4), 10, y + 4);
      int x = left + (right - left) * i / 4;
      // two decimals, trailing zeros dropped: a quarter of 5M is 1.25M, not "1M"
      g.drawString(String.format(Locale.ROOT, "%.2f", maxX * i / 4 / 1e6).replaceAll("\\.?0+$", "") + "M", x - 12, bottom + 18);
    }
    Color[] colors = {new Color(70, 110, 180), new Color(220, 140, 50), new Color(60, 160, 90), new Color(150, 60, 160),
        new Color(200, 60, 60), new Color(100, 100, 100), new Color(30, 170, 190), new Color(180, 150, 40)};
    int i = 0;
    for (var e : series.entrySet()) {
      g.setColor(colors[i % colors.length]);
      g.setStroke(new BasicStroke(e.getKey().contains("iceberg") ? 1.5f : 2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1,
          e.getKey().contains("iceberg") ? new float[] {6, 4} : null, 0));
      int px = -1;
      int py = -1;
      for (double[] p : e.getValue()) {
        int x = left + (int) ((right - left) * p[0] / maxX);
        int y = bottom - (int) ((bottom - top) * p[1] / maxY);
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawLine(right + 20, top + 10 + i * 20, right + 45, top + 10 + i * 20);
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), right + 52, top + 15 + i * 20);
      i++;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new GrowthBenchmark()).execute(args));
  }
}
