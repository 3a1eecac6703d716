package io.lakeshore.local;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.testkit.TestSpark;
import io.lakeshore.testkit.TestSpark.TestLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs one job in-process through its CLI against a test lake, with the shipped conf/. */
record Launch(int code, String out, String err) {
  static Launch run(TestLake lake, String job, String... args) {
    return run(lake.confArgs(), job, args);
  }

  /** As {@link #run(TestLake, String, String...)}, with {@code confArgs} after the job's arguments. */
  static Launch run(List<String> confArgs, String job, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", "../conf"));
    all.addAll(confArgs);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = JobLauncher.run(LocalPipeline.job(job), all.toArray(String[]::new), TestSpark.spark(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Launch(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Everything the run printed, for assertion messages. */
  String output() {
    return out + err;
  }

  /** The first line on stderr. */
  String error() {
    return err.lines().findFirst().orElse("");
  }
}
