package io.lakeshore.core.cli;

import io.lakeshore.core.audit.RunReport;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.session.Sessions;
import java.io.PrintStream;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** What every command does around its work: the session it owns, and the end of a run. */
final class Runs {
  private Runs() {}

  /**
   * A one-line message as printed: control characters in the values it quotes (a newline in an
   * argument or a setting) are escaped, so a value cannot end the message or forge the next line.
   */
  static String printable(String message) {
    StringBuilder out = new StringBuilder(message.length());
    message.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  /**
   * Runs {@code work} in {@code given}, or in a session built from {@code config} and stopped
   * afterwards; a failure outside the work's own handling prints {@code failure: message} and
   * exits {@link JobLauncher#FAILED}.
   */
  static int inSession(SparkSession given, LakeshoreConfig config, String appName, String failure, PrintStream err,
      Function<SparkSession, Integer> work) {
    SparkSession spark = given;
    try {
      if (spark == null) {
        spark = Sessions.create("lakeshore-" + appName, config.spark(), config.lakehouse());
      }
      return work.apply(spark);
    } catch (Exception e) { // Spark's Scala code throws checked exceptions undeclared
      err.println(failure + ": " + config.redact(e.getMessage()));
      return JobLauncher.FAILED;
    } finally {
      if (given == null && spark != null) {
        spark.stop();
      }
    }
  }

  /**
   * Ends a run: records it in the ledger ({@code ledger}, unless null), prints its summary and
   * writes its final report. A ledger that cannot be written fails the run (its commits stand; a
   * rerun records it); a report that cannot be written is told on {@code err}.
   *
   * @return {@code code}, or {@link JobLauncher#FAILED} when the ledger could not be written
   */
  static int finish(int code, RunReport report, LakeshoreConfig config, org.apache.hadoop.conf.Configuration hadoop,
      Runnable ledger, PrintStream out, PrintStream err) {
    int result = code;
    if (ledger != null) {
      try {
        ledger.run();
      } catch (Exception e) { // as above: the ledger writes through Spark
        err.println("Cannot record run " + report.run().runId() + " in the run ledger: " + config.redact(e.getMessage()));
        result = JobLauncher.FAILED;
      }
    }
    try {
      out.print(report.summary());
      out.println("  report: " + report.writeJson(config.reportDir(), hadoop));
    } catch (java.io.IOException | RuntimeException e) {
      err.println("Cannot write run report: " + config.redact(e.getMessage()));
    }
    return result;
  }
}
