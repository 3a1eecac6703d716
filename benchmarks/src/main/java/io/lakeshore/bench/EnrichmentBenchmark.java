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
 * The enrichment benchmark: one generated day of order lines, then, for each variant (the floor,
 * the enrichment by hand in plain Spark, the library's job), one run on a fresh lake and {@code
 * --reps} runs on the lake it left, each in its own JVM timed from outside with GNU time (wall,
 * CPU, peak RSS). Prints medians, throughput, the ratios the targets are stated in, and Spark's
 * own counts of raw scans and shuffles; writes the figures as JSON and a PNG chart.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Enrichment: floor vs by hand vs the library.")
public final class EnrichmentBenchmark implements Callable<Integer> {
  @Option(names = "--orders", defaultValue = "3750000", description = "New orders of the day (default ${DEFAULT-VALUE}: ~5M lines).")
  int orders;

  @Option(names = "--reps", defaultValue = "3", description = "Measured runs per variant, after one on a fresh lake (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--work", defaultValue = "/tmp/lakeshore-bench", description = "Folder for the data and the lakes (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--heap", defaultValue = "6g", description = "Heap of each measured JVM (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--partitions", defaultValue = "8", description = "spark.sql.shuffle.partitions for every variant (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--variants", split = ",", defaultValue = "floor,hand,library", description = "Which variants (default ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Where the JSON and the chart go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--conf-dir", defaultValue = "conf", description = "The library's configuration folder (default ${DEFAULT-VALUE}).")
  Path confDir;

  static final LocalDate DAY = LocalDate.parse("2026-01-15");


  @Override
  public Integer call() throws Exception {
    long lines = generate();
    Map<String, List<Measure>> results = new LinkedHashMap<>();
    Map<String, Measure> fresh = new LinkedHashMap<>();
    for (String variant : variants) {
      Bench.deleteTree(work.resolve("lake-" + variant));
      fresh.put(variant, measure(variant));
      System.out.printf(Locale.ROOT, "%-8s fresh lake: %6.1f s wall%n", variant, fresh.get(variant).wall());
      List<Measure> runs = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        runs.add(measure(variant));
        System.out.printf(Locale.ROOT, "%-8s run %d: %6.1f s wall, %6.1f CPU-s, %5d MB RSS %s%n", variant, i + 1,
            runs.get(i).wall(), runs.get(i).cpu(), runs.get(i).rssKb() / 1024, runs.get(i).metrics());
      }
      results.put(variant, runs);
    }
    report(lines, results, fresh);
    return 0;
  }

  /** Lands the day once per size; the marker names the size it was made for. */
  private long generate() throws IOException {
    Path marker = work.resolve("raw/.generated-" + orders);
    if (Files.exists(marker)) {
      return Long.parseLong(Files.readString(marker).trim());
    }
    Bench.deleteTree(work.resolve("raw"));
    long start = System.nanoTime();
    DayManifest day = new CommerceGenerator(GeneratorSettings.defaults(orders)).generate(work.resolve("raw").toString(), DAY);
    System.out.printf(Locale.ROOT, "generated %d order lines for %s in %.1f s%n", day.orderLines(), DAY, (System.nanoTime() - start) / 1e9);
    Files.writeString(marker, Long.toString(day.orderLines()));
    return day.orderLines();
  }

  private Measure measure(String variant) throws IOException, InterruptedException {
    return Bench.measure(variant, heap, List.of(Variant.class.getName(), variant, work.toAbsolutePath().toString(), DAY.toString(),
        Integer.toString(partitions), confDir.toAbsolutePath().toString()));
  }

  private void report(long lines, Map<String, List<Measure>> results, Map<String, Measure> fresh) throws IOException {
    Map<String, double[]> medians = new LinkedHashMap<>();
    StringBuilder json = new StringBuilder("{\n  \"day\": \"" + DAY + "\", \"order_lines\": " + lines + ", \"reps\": " + reps
        + ", \"heap\": \"" + heap + "\", \"shuffle_partitions\": " + partitions + ",\n  \"variants\": {\n");
    System.out.printf(Locale.ROOT, "%n%d order lines, median of %d runs on an existing lake:%n", lines, reps);
    System.out.printf(Locale.ROOT, "%-8s %9s %9s %8s %12s %9s %9s  %s%n", "variant", "wall s", "CPU s", "RSS MB", "lines/s", "vs floor",
        "vs hand", "Spark's counts (last run)");
    int i = 0;
    for (Map.Entry<String, List<Measure>> e : results.entrySet()) {
      List<Measure> runs = e.getValue();
      double wall = Bench.median(runs.stream().map(Measure::wall).toList());
      double cpu = Bench.median(runs.stream().map(Measure::cpu).toList());
      double rss = Bench.median(runs.stream().map(m -> (double) m.rssKb() / 1024).toList());
      medians.put(e.getKey(), new double[] {wall, cpu, rss});
      json.append(String.format(Locale.ROOT, "    \"%s\": {\"median_wall_s\": %.1f, \"median_cpu_s\": %.1f, \"median_rss_mb\": %.0f,"
              + " \"fresh_lake_wall_s\": %.1f, \"walls_s\": %s, \"spark\": %s}%s%n", e.getKey(), wall, cpu, rss,
          fresh.get(e.getKey()).wall(), runs.stream().map(m -> String.format(Locale.ROOT, "%.1f", m.wall())).toList(),
          runs.get(runs.size() - 1).metrics(), ++i < results.size() ? "," : ""));
    }
    for (Map.Entry<String, double[]> e : medians.entrySet()) {
      double wall = e.getValue()[0];
      String vsFloor = medians.containsKey("floor") ? String.format(Locale.ROOT, "%.2fx", medians.get("floor")[0] / wall) : "-";
      String vsHand = medians.containsKey("hand") ? String.format(Locale.ROOT, "%.2fx", wall / medians.get("hand")[0]) : "-";
      System.out.printf(Locale.ROOT, "%-8s %9.1f %9.1f %8.0f %12.0f %9s %9s  %s%n", e.getKey(), wall, e.getValue()[1], e.getValue()[2],
          lines / wall, vsFloor, vsHand, results.get(e.getKey()).get(reps - 1).metrics());
    }
    System.out.println("vs floor: the floor's wall time over the variant's (its share of the floor's throughput);"
        + " vs hand: the variant's wall time over the hand-written job's");
    json.append("  }\n}\n");
    Files.createDirectories(out);
    Files.writeString(out.resolve("enrichment.json"), json.toString());
    chart(medians, out.resolve("enrichment.png"), lines);
    System.out.println("wrote " + out.resolve("enrichment.json") + " and " + out.resolve("enrichment.png"));
  }

  /** A bar per variant: median wall time, with CPU time beside it. */
  private static void chart(Map<String, double[]> medians, Path file, long lines) throws IOException {
    int w = 720;
    int h = 360;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Bench.canvas(image,
        String.format(Locale.ROOT, "Enrichment of one day, %,d order lines: median seconds (lower is better)", lines));
    double max = medians.values().stream().mapToDouble(v -> Math.max(v[0], v[1])).max().orElse(1);
    int left = 110;
    int barW = w - left - 90;
    int y = 60;
    for (Map.Entry<String, double[]> e : medians.entrySet()) {
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), 20, y + 26);
      int wall = (int) (barW * e.getValue()[0] / max);
      int cpu = (int) (barW * e.getValue()[1] / max);
      g.setColor(new Color(70, 110, 180));
      g.fillRect(left, y, wall, 22);
      g.setColor(new Color(200, 140, 60));
      g.fillRect(left, y + 24, cpu, 14);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.1f s wall", e.getValue()[0]), left + wall + 6, y + 16);
      g.drawString(String.format(Locale.ROOT, "%.0f CPU-s", e.getValue()[1]), left + cpu + 6, y + 36);
      y += 80;
    }
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, 50, left, y - 20);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new EnrichmentBenchmark()).execute(args));
  }
}
