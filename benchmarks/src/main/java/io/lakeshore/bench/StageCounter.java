package io.lakeshore.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.storage.RDDInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts, from Spark's own events, what a run cost: jobs, stages, the stages that scanned the raw
 * orders (a text or JSON file scan in their lineage), the stages that wrote shuffle data, and the
 * bytes read from files.
 */
final class StageCounter extends SparkListener {
  final AtomicInteger jobs = new AtomicInteger();
  final AtomicInteger stages = new AtomicInteger();
  final AtomicInteger rawScans = new AtomicInteger();
  final AtomicInteger shuffles = new AtomicInteger();
  final AtomicLong inputBytes = new AtomicLong();
  final AtomicLong shuffleBytes = new AtomicLong();

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    jobs.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo stage = event.stageInfo();
    stages.incrementAndGet();
    boolean raw = false;
    for (RDDInfo rdd : CollectionConverters.asJava(stage.rddInfos())) {
      String scope = rdd.scope().isDefined() ? rdd.scope().get().name() : "";
      // the raw orders are JSON lines: read as text (the library) or as JSON (the floor, by hand)
      raw |= scope.startsWith("Scan text") || scope.startsWith("Scan json");
    }
    if (raw) {
      rawScans.incrementAndGet();
    }
    if (stage.taskMetrics() != null) {
      inputBytes.addAndGet(stage.taskMetrics().inputMetrics().bytesRead());
      long written = stage.taskMetrics().shuffleWriteMetrics().bytesWritten();
      if (written > 0) {
        shuffles.incrementAndGet();
        shuffleBytes.addAndGet(written);
      }
    }
  }

  String json() {
    return String.format("{\"jobs\":%d,\"stages\":%d,\"raw_scans\":%d,\"shuffles\":%d,\"input_bytes\":%d,\"shuffle_bytes\":%d}",
        jobs.get(), stages.get(), rawScans.get(), shuffles.get(), inputBytes.get(), shuffleBytes.get());
  }
}
