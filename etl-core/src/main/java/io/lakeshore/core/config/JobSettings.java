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

  /** A number that must lie in [min, max]. */
  public double doubleValue(String key, double min, double max) {
    double value = get(key, () -> config.getDouble(key));
    if (value < min || value > max) {
      throw new ConfigException(
          "Cannot configure " + prefix + "." + key + ": must be in [" + min + ", " + max + "], cannot be: " + value
              + " (" + config.getValue(key).origin().description() + ")");
    }
    return value;
  }

  /** A string that must be one of {@code allowed} (compared ignoring case); returns the allowed spelling. */
  public String oneOf(String key, java.util.List<String> allowed) {
    String value = string(key);
    return allowed.stream().filter(a -> a.equalsIgnoreCase(value.trim())).findFirst()
        .orElseThrow(() -> new ConfigException(
            "Cannot configure " + prefix + "." + key + ": must be one of " + allowed + ", cannot be: '" + Secrets.shown(prefix + "." + key, value) + "' ("
                + config.getValue(key).origin().description() + ")"));
  }

  public boolean booleanValue(String key) {
    return get(key, () -> config.getBoolean(key));
  }

  /** A nested section, e.g. {@code inputs.orders}. */
  public JobSettings section(String key) {
    return new JobSettings(prefix + "." + key, get(key, () -> config.getConfig(key)));
  }

  /** The settings of one table the job writes: {@code tables."zone.name"}. */
  public JobSettings table(io.lakeshore.core.table.TableId id) {
    return section(com.typesafe.config.ConfigUtil.joinPath("tables", id.toString()));
  }

  /** The keys of this section, in no particular order. */
  public java.util.Set<String> keys() {
    return config.root().keySet();
  }

  /** A duration such as {@code 36h} or {@code 2d}. */
  public java.time.Duration duration(String key) {
    return get(key, () -> config.getDuration(key));
  }

  /** A size in bytes such as {@code 128MiB}. */
  public long bytes(String key) {
    return get(key, () -> config.getBytes(key));
  }

  /** The full key of this section, e.g. {@code lakeshore.jobs.enrichment.tables."golden.orders"}. */
  public String path() {
    return prefix;
  }

  /** The full key of a setting, for messages that tell the user what to set. */
  public String key(String key) {
    return prefix + "." + key;
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

  /** The section's key and the names of its settings; never their values, which may be secrets. */
  @Override
  public String toString() {
    return "JobSettings[" + prefix + " " + new java.util.TreeSet<>(config.root().keySet()) + "]";
  }
}
