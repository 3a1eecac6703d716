package io.lakeshore.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.storage.RDDInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts, from Spark's own events, what a run cost: jobs, stages, the stages with a text or JSON
 * file scan in their lineage (raw input, and Delta's log), the stages that wrote shuffle data, and
 * the bytes read. How many times the raw orders were read is measured apart, from the bytes the
 * file system read ({@code reads_in_raw_orders} in {@link Variant}).
 */
public final class StageCounter extends SparkListener {
  /** The last one Spark created from {@code spark.extraListeners}, for the process that set it. */
  static volatile StageCounter last;
  final AtomicInteger jobs = new AtomicInteger();
  final AtomicInteger stages = new AtomicInteger();
  final AtomicInteger rawScans = new AtomicInteger();
  final AtomicInteger shuffles = new AtomicInteger();
  final AtomicLong inputBytes = new AtomicLong();
  final AtomicLong shuffleBytes = new AtomicLong();
  /** The most execution memory (sorts, aggregations, joins) one task held. */
  final AtomicLong peakTaskMemory = new AtomicLong();
  private final long created = System.currentTimeMillis();

  /** Public and without arguments, so {@code spark.extraListeners} can create it. */
  public StageCounter() {
    last = this;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    if (task.taskMetrics() != null) {
      peakTaskMemory.accumulateAndGet(task.taskMetrics().peakExecutionMemory(), Math::max);
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo stage = event.stageInfo();
    stages.incrementAndGet();
    boolean raw = false;
    for (RDDInfo rdd : CollectionConverters.asJava(stage.rddInfos())) {
      String scope = rdd.scope().isDefined() ? rdd.scope().get().name() : "";
      raw |= scope.startsWith("Scan text") || scope.startsWith("Scan json");
    }
    if (raw) {
      rawScans.incrementAndGet();
    }
    if (Boolean.getBoolean("bench.verbose")) {
      long ms = stage.completionTime().isDefined() && stage.submissionTime().isDefined()
          ? (Long) stage.completionTime().get() - (Long) stage.submissionTime().get() : -1;
      long at = stage.submissionTime().isDefined() ? (Long) stage.submissionTime().get() - created : -1;
      System.out.println("stage " + stage.stageId() + " " + ms + " ms at=" + at + " tasks=" + stage.numTasks() + " " + stage.name() + " "
          + CollectionConverters.asJava(stage.rddInfos()).stream().map(r -> r.scope().isDefined() ? r.scope().get().name() : r.name())
              .distinct().toList());
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
    return String.format("{\"jobs\":%d,\"stages\":%d,\"text_scan_stages\":%d,\"shuffles\":%d,\"input_bytes\":%d,\"shuffle_bytes\":%d,"
            + "\"peak_task_memory_bytes\":%d}",
        jobs.get(), stages.get(), rawScans.get(), shuffles.get(), inputBytes.get(), shuffleBytes.get(), peakTaskMemory.get());
  }
}
