package io.lakeshore.core.config;

/**
 * Configuration that is always wrong: an unknown or missing key, a wrong type, an unreadable
 * file. Raised before Spark starts; the job CLI maps it to exit code 2.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
