package io.lakeshore.core.quality;

/** A blocking expectation failed: the run stops before it commits anything. */
public class QualityException extends RuntimeException {
  public QualityException(String message) {
    super(message);
  }
}
