package io.lakeshore.core.config;

import com.typesafe.config.Config;

/**
 * One job's validated settings section. A job turns it into its own typed record at its entry
 * point; messages name the full key.
 */
public final class JobSettings {
  private final String prefix;
  private final Config config;

  JobSettings(String prefix, Config config) {
    this.prefix = prefix;
    this.config = config;
  }

  public int intValue(String key) {
    return get(key, () -> config.getInt(key));
  }

  /** An int that must lie in [min, max]. */
  public int intValue(String key, int min, int max) {
    int value = intValue(key);
    if (value < min || value > max) {
      throw new ConfigException(
          "Cannot configure " + prefix + "." + key + ": must be in [" + min + ", " + max + "], cannot be: " + value
              + " (" + config.getValue(key).origin().description() + ")");
    }
    return value;
  }

  public String string(String key) {
    return get(key, () -> config.getString(key));
  }

  public java.util.List<String> strings(String key) {
    return get(key, () -> config.getStringList(key));
  }

  private <T> T get(String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot configure " + prefix + "." + key + ": " + e.getMessage(), e);
    }
  }
}
