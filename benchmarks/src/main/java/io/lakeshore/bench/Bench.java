package io.lakeshore.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the benchmarks share: a measured JVM, medians, folders, a chart's canvas. */
final class Bench {
  private static final Pattern TIME = Pattern.compile("TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)");
  private static final Pattern METRICS = Pattern.compile("metrics (\\{.*})");

  private Bench() {}

  /** One measured process: wall and CPU seconds, peak RSS, and the {@code metrics {...}} line it printed. */
  record Measure(double wall, double cpu, long rssKb, String metrics) {}

  /**
   * Runs {@code java -Xmx<heap> <the JVM flags Spark needs> <args>} under GNU time, with this
   * JVM's class path; fails naming {@code what} with the process's output when it exits non-zero
   * or prints no metrics line.
   */
  static Measure measure(String what, String heap, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %U %S %M", "java", "-Xmx" + heap));
    for (String o : System.getProperty("lakeshore.jvm.opens", "").trim().split("\\s+")) {
      if (!o.isBlank()) {
        command.add(o);
      }
    }
    command.addAll(List.of("-Dlog4j2.level=warn", "-cp", System.getProperty("java.class.path")));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    Matcher time = TIME.matcher(output);
    Matcher metrics = METRICS.matcher(output);
    if (code != 0 || !time.find() || !metrics.find()) {
      throw new IllegalStateException("Cannot measure " + what + ": exit " + code + "\n" + output);
    }
    return new Measure(Double.parseDouble(time.group(1)), Double.parseDouble(time.group(2)) + Double.parseDouble(time.group(3)),
        Long.parseLong(time.group(4)), metrics.group(1));
  }

  /** A whole-number field of a run's {@code metrics {...}} line; -1 when it is missing. */
  static long number(String metrics, String key) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":([0-9]+)").matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** A white canvas with {@code title} at the top, antialiased, black, plain 13-point text set. */
  static Graphics2D canvas(BufferedImage image, String title) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, 20, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return g;
  }

  /** Copies a folder tree, attributes kept, leaving out {@code .built} markers. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(".built")) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
