package io.lakeshore.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated configuration of one run, built once by {@link ConfigLoader} at the entry point
 * and passed down as typed values. Library code never reads configuration files itself.
 *
 * @param env the environment overlay that was applied
 * @param lakehouse storage and table formats
 * @param spark session settings
 * @param reportDir where run reports are written
 * @param jobs per-job sections ({@code lakeshore.jobs.<job>}), read through {@link #job(String)}
 */
public record LakeshoreConfig(
    String env, LakehouseSettings lakehouse, SparkSettings spark, String reportDir, Config jobs) {

  /** The settings of one job, as declared by the job module's reference.conf. */
  public JobSettings job(String name) {
    if (!jobs.hasPath(name)) {
      throw new ConfigException(
          "Cannot configure job " + name + ": no section lakeshore.jobs." + name
              + " (is the job's reference.conf on the classpath?)");
    }
    return new JobSettings("lakeshore.jobs." + name, jobs.getConfig(name));
  }

  static LakeshoreConfig from(String env, Config root) {
    Config c = root.getConfig("lakeshore");
    try {
      Map<TableId, TableFormat> overrides = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : c.getConfig("tables.format-overrides").root().entrySet()) {
        overrides.put(TableId.parse(e.getKey()), TableFormat.parse(String.valueOf(e.getValue().unwrapped())));
      }
      LakehouseSettings lakehouse =
          new LakehouseSettings(
              toUri(c.getString("warehouse")),
              toUri(c.getString("raw")),
              TableFormat.parse(c.getString("tables.default-format")),
              overrides,
              c.getString("iceberg.catalog"),
              strings(c.getConfig("iceberg.properties")));
      SparkSettings spark =
          new SparkSettings(
              c.getString("spark.master"),
              c.getInt("spark.shuffle-partitions"),
              strings(c.getConfig("spark.conf")));
      return new LakeshoreConfig(env, lakehouse, spark, toUri(c.getString("report-dir")), c.getConfig("jobs"));
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot load configuration: " + e.getMessage(), e);
    }
  }

  /** Open maps keep their full keys ("spark.sql.x"); values are taken as strings. */
  private static Map<String, String> strings(Config section) {
    Map<String, String> out = new LinkedHashMap<>();
    section.entrySet().forEach(e -> out.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped())));
    return out;
  }

  private static String stripQuotes(String key) {
    return key.length() > 1 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  /** A relative local path becomes an absolute file URI, so every process agrees on it. */
  static String toUri(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() != null && uri.getScheme().length() > 1) {
      return location;
    }
    return Path.of(location).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
  }
}
