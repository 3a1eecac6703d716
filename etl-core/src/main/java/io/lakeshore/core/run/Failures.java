package io.lakeshore.core.run;

import org.apache.spark.SparkException;

/** The reason a failure gives, in one line, for messages of the {@code Cannot <verb>: <reason>} shape. */
public final class Failures {
  private Failures() {}

  /**
   * The first line of {@code failure}'s message, or of what it wraps when it is one of Spark's job
   * or task wrappers: a {@link SparkException} with a cause ("Job aborted due to stage failure: …",
   * "[TASK_WRITE_FAILED] Task failed while writing rows to …"). Their own messages name neither the
   * reason (a store that refused the connection, a denied request) nor, for a job, the place, and a
   * job's carries the driver's stack trace after its first line.
   */
  public static String reason(Throwable failure) {
    Throwable t = failure;
    while (t instanceof SparkException && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return firstLine(t);
  }

  /**
   * The message to print for a run that failed with {@code failure}: its own message when it is
   * one of Lakeshore's ({@code Cannot …}, which may list several failures, one a line), otherwise
   * {@code Cannot complete the run: } and its {@link #reason}.
   */
  public static String message(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("Cannot ") ? message : "Cannot complete the run: " + reason(failure);
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
