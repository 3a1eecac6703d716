package io.lakeshore.bench;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.job.JobFactory;
import java.util.Arrays;
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
    System.out.println("metrics " + counter.json().replace("}", String.format(Locale.ROOT,
        ",\"file_bytes_read\":%d,\"opens\":%d,\"files\":{%s}}", read, CountingFileSystem.opens(), perTable)));
    System.exit(code);
  }
}
