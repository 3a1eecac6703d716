package io.lakeshore.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  /** As a staging write fails when the store is gone: job abort, task write failure, then S3A's exception. */
  static final SparkException WRITE_FAILED = new SparkException(
      "Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure: ...\nDriver stacktrace:\n\tat x.y(Z.scala:1)",
      new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to s3a://b/lake/x. SQLSTATE: 58030",
          new ConnectException("Writing Object on lake/x/part-0.parquet: Connect to 127.0.0.1:9000 failed: Connection refused")));

  @Test
  void sparksWrappersArePeeledOffToTheStoresOwnReason() {
    assertThat(Failures.reason(WRITE_FAILED))
        .isEqualTo("Writing Object on lake/x/part-0.parquet: Connect to 127.0.0.1:9000 failed: Connection refused");
    assertThat(Failures.message(WRITE_FAILED))
        .isEqualTo("Cannot complete the run: Writing Object on lake/x/part-0.parquet: Connect to 127.0.0.1:9000 failed: Connection refused");
  }

  @Test
  void aWrapperWithoutCauseGivesItsFirstLineAndOurOwnMessagesStayWhole() {
    assertThat(Failures.reason(new SparkException("Job 3 cancelled\nDriver stacktrace:"))).isEqualTo("Job 3 cancelled");
    assertThat(Failures.message(new IllegalStateException("Cannot commit a: one\nCannot commit b: two")))
        .isEqualTo("Cannot commit a: one\nCannot commit b: two");
    assertThat(Failures.message(new NullPointerException())).isEqualTo("Cannot complete the run: java.lang.NullPointerException");
  }
}
