package io.lakeshore.bench;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.job.JobFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measured job run of the incremental benchmark: {@code JobRun <job> <warehouse dir> <raw dir>
 * <job arguments…>}. The job runs as in production (the launcher builds the session from the
 * configuration the arguments give); the arguments must set {@code spark.extraListeners} to
 * {@link StageCounter} and {@code spark.hadoop.fs.file.impl} to {@link CountingFileSystem}. Prints
 * one line {@code metrics {...}}: Spark's counts, the bytes the file system read, and the distinct
 * files opened per table (data and log apart) and per raw entity.
 */
public final class JobRun {
  private JobRun() {}

  /**
   * The arguments of {@link Bench#measure} that run {@code job} for {@code window} on the lake at
   * {@code lake} (its warehouse under it) with raw files under {@code raw}: the shipped
   * configuration from {@code confDir}, tables in {@code format}, the UI off, and this package's
   * listener and counting file system set.
   */
  static List<String> arguments(String job, Path lake, Path raw, String format, int partitions, Path confDir, String... window) {
    String root = lake.toAbsolutePath().toString();
    String rawDir = raw.toAbsolutePath().toString();
    List<String> args = new ArrayList<>(List.of(JobRun.class.getName(), job, root + "/warehouse", rawDir));
    args.addAll(List.of(window));
    for (String conf : List.of("lakeshore.root=" + root, "lakeshore.raw=" + rawDir, "lakeshore.spark.shuffle-partitions=" + partitions,
        "lakeshore.tables.default-format=" + format,
        "lakeshore.spark.conf.\"spark.ui.enabled\"=\"false\"",
        "lakeshore.spark.conf.\"spark.extraListeners\"=\"" + StageCounter.class.getName() + "\"",
        "lakeshore.spark.conf.\"spark.hadoop.fs.file.impl\"=\"" + CountingFileSystem.class.getName() + "\"")) {
      args.addAll(List.of("--conf", conf));
    }
    args.addAll(List.of("--conf-dir", confDir.toAbsolutePath().toString()));
    return args;
  }

  public static void main(String[] args) {
    String job = args[0];
    String warehouse = args[1];
    String raw = args[2];
    String[] jobArgs = Arrays.copyOfRange(args, 3, args.length);
    int code = JobLauncher.run(JobFactory.named(job), jobArgs, null, System.out, System.err);
    long read = org.apache.hadoop.fs.FileSystem.getAllStatistics().stream()
        .filter(st -> st.getScheme().equals("file")).mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesRead).sum();
    StageCounter counter = StageCounter.last;
    if (counter == null) {
      System.err.println("Cannot measure " + job + ": spark.extraListeners did not create a StageCounter");
      System.exit(1);
    }
    Map<String, long[]> files = CountingFileSystem.byTable(warehouse, raw);
    String perTable = files.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "\"%s\":[%d,%d]", e.getKey(), e.getValue()[0], e.getValue()[1]))
        .collect(Collectors.joining(","));
    // where memory went: the heap's pools at their peaks (an upper bound: they peak at different
    // times) and the most execution memory one task held; the rest of the RSS is off the heap
    long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.out.println("metrics " + counter.json().replace("}", String.format(Locale.ROOT,
        ",\"file_bytes_read\":%d,\"opens\":%d,\"heap_peak_bytes\":%d,\"heap_max_bytes\":%d,\"files\":{%s}}", read,
        CountingFileSystem.opens(), heapPeak, Runtime.getRuntime().maxMemory(), perTable)));
    System.exit(code);
  }
}
