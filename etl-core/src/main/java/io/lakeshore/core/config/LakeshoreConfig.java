package io.lakeshore.core.config;

import io.lakeshore.core.table.DeltaMetastore;
import io.lakeshore.core.table.LakehouseSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
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
 * @param ledger whether runs are recorded in the run ledger ({@code lakeshore.ledger.enabled})
 * @param digest SHA-256 of the resolved settings, secrets left out: recorded with each run
 * @param notes what was accepted but is worth telling the user, printed by the entry point
 * @param latenessDays how many days late a record may arrive ({@code lakeshore.lateness-days}),
 *     one horizon for every job, validated here once
 * @param tableDefaults {@code lakeshore.table-defaults}: the settings of a table no job declares
 *     (the ledger's)
 * @param rawRetentionDays {@code lakeshore.maintenance.raw-retention-days}; 0 keeps every raw file
 * @param root {@code lakeshore.root} as a URI: the folder every default location lies under
 * @param secrets the secret values of these settings, which {@link #redact} takes out of a message
 */
public record LakeshoreConfig(
    String env,
    LakehouseSettings lakehouse,
    SparkSettings spark,
    String reportDir,
    Config jobs,
    boolean ledger,
    String digest,
    java.util.List<String> notes,
    int latenessDays,
    JobSettings tableDefaults,
    int rawRetentionDays,
    String root,
    Secrets.Known secrets) {

  /**
   * The configuration without a secret in it: the job sections by name only (their values are
   * free-form and may hold secrets), the other parts as their own {@code toString} shows them.
   */
  @Override
  public String toString() {
    return "LakeshoreConfig[env=" + env + ", lakehouse=" + lakehouse + ", spark=" + spark + ", reportDir=" + reportDir
        + ", jobs=" + new java.util.TreeSet<>(jobs.root().keySet()) + ", ledger=" + ledger + ", digest=" + digest
        + ", notes=" + notes + ", latenessDays=" + latenessDays + ", tableDefaults=" + tableDefaults
        + ", rawRetentionDays=" + rawRetentionDays + ", root=" + root + "]";
  }

  /**
   * {@code text} with every configured secret replaced by {@code ***}: the value of each setting
   * whose key looks secret ({@link Secrets}), wherever it is set (the Spark settings, the Iceberg
   * catalog's properties, the metastore's, a job's section), and the password inside any URL. For
   * messages that come from outside Lakeshore (a driver, Spark, a file system), which may quote a
   * setting they were given.
   */
  public String redact(String text) {
    return secrets.redact(text);
  }

  /** The settings of one job, as declared by the job module's reference.conf. */
  public JobSettings job(String name) {
    if (!jobs.hasPath(name)) {
      throw new ConfigException(
          "Cannot configure job " + name + ": no section lakeshore.jobs." + name
              + " (is the job's reference.conf on the classpath?)");
    }
    return new JobSettings("lakeshore.jobs." + name, jobs.getConfig(name));
  }

  /** The settings section of a table: its job's declaration, or the table defaults if no job declares it. */
  public JobSettings tableSettings(TableId id) {
    return table(id).orElse(tableDefaults);
  }

  /** Spark catalog names: also pasted into SQL, so nothing but an identifier gets through. */
  private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /**
   * The settings section of a table, {@code lakeshore.jobs.<job>.tables."zone.name"}, from the
   * section of whichever job declares it; empty when none does.
   */
  public java.util.Optional<JobSettings> table(TableId id) {
    for (String job : jobs.root().keySet()) {
      String path = ConfigUtil.joinPath(job, "tables", id.toString());
      if (jobs.hasPath(path) && jobs.getValue(path) instanceof ConfigObject) {
        return java.util.Optional.of(new JobSettings("lakeshore.jobs." + ConfigUtil.joinPath(job, "tables", id.toString()),
            jobs.getConfig(path)));
      }
    }
    return java.util.Optional.empty();
  }

  static LakeshoreConfig from(String env, Config root, java.util.List<String> notes) {
    Config c = root.getConfig("lakeshore");
    try {
      String lakeRoot = location(c, "root"); // first: the others derive from it
      LakehouseSettings lakehouse =
          new LakehouseSettings(
              location(c, "warehouse"),
              location(c, "raw"),
              format(c, "tables.default-format"),
              tableFormats(c),
              icebergCatalog(c),
              icebergProperties(c),
              targetFileBytes(c, "table-defaults"),
              tableTargets(c),
              deltaMetastore(c));
      SparkSettings spark =
          new SparkSettings(
              c.getString("spark.master"),
              c.getInt("spark.shuffle-partitions"),
              strings(c.getConfig("spark.conf")));
      return new LakeshoreConfig(env, lakehouse, spark, location(c, "report-dir"), c.getConfig("jobs"),
          c.getBoolean("ledger.enabled"), digest(c), java.util.List.copyOf(notes), lateness(c),
          new JobSettings("lakeshore.table-defaults", c.getConfig("table-defaults")),
          new JobSettings("lakeshore.maintenance", c.getConfig("maintenance")).intValue("raw-retention-days", 0, 100_000),
          lakeRoot, Secrets.Known.in(c));
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot load configuration: " + e.getMessage(), e);
    }
  }

  /**
   * The format of every table a job section declares ({@code lakeshore.jobs.<job>.tables."zone.name".format}),
   * sections of jobs absent from the classpath included: a job reads tables other jobs write.
   */
  private static Map<TableId, TableFormat> tableFormats(Config c) {
    Map<TableId, TableFormat> formats = new LinkedHashMap<>();
    TableFormat ledger = format(c, "ledger.format");
    formats.put(TableId.of("audit", "runs"), ledger);
    formats.put(TableId.of("audit", "partitions"), ledger);
    Map<TableId, String> declaredBy = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> job : c.getObject("jobs").entrySet()) {
      if (!(job.getValue() instanceof ConfigObject section) || !(section.get("tables") instanceof ConfigObject tables)) {
        continue;
      }
      for (Map.Entry<String, ConfigValue> table : tables.entrySet()) {
        String key = ConfigUtil.joinPath("jobs", job.getKey(), "tables", table.getKey());
        TableId id;
        try {
          id = TableId.parse(table.getKey());
        } catch (IllegalArgumentException e) {
          // no dot: most likely zone.name without its quotes, which HOCON splits into two keys
          throw problem(key, table.getValue(), "is not a table: " + (table.getKey().contains(".")
              ? e.getMessage().substring("Cannot address table: ".length())
              : "a table is keyed by \"zone.name\" in quotes, e.g. tables.\"golden.orders\""));
        }
        if (!(table.getValue() instanceof ConfigObject settings) || !settings.containsKey("format")) {
          continue;
        }
        TableFormat format = format(c, key + ".format");
        String other = declaredBy.putIfAbsent(id, key);
        if (other != null && formats.get(id) != format) {
          throw problem(key + ".format", settings.get("format"),
              "contradicts lakeshore." + other + ".format = " + formats.get(id) + ": a table has one format");
        }
        formats.put(id, format);
      }
    }
    return formats;
  }

  /**
   * The target file size of every table a job section declares with a {@code maintenance}
   * section: writes aim at it, not only compaction.
   */
  private static Map<TableId, Long> tableTargets(Config c) {
    Map<TableId, Long> targets = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> job : c.getObject("jobs").entrySet()) {
      if (!(job.getValue() instanceof ConfigObject section) || !(section.get("tables") instanceof ConfigObject tables)) {
        continue;
      }
      for (Map.Entry<String, ConfigValue> table : tables.entrySet()) {
        String key = ConfigUtil.joinPath("jobs", job.getKey(), "tables", table.getKey());
        if (table.getValue() instanceof ConfigObject settings && settings.get("maintenance") instanceof ConfigObject m
            && m.containsKey("target-file-size")) {
          targets.put(TableId.parse(table.getKey()), targetFileBytes(c, key));
        }
      }
    }
    return targets;
  }

  private static long targetFileBytes(Config c, String section) {
    String key = section + ".maintenance.target-file-size";
    long bytes = c.getBytes(key);
    if (bytes < 1024) {
      throw problem(key, c.getValue(key), "must be at least 1KiB, cannot be: " + bytes);
    }
    return bytes;
  }

  private static TableFormat format(Config c, String key) {
    ConfigValue value = c.getValue(key);
    try {
      return TableFormat.parse(c.getString(key));
    } catch (IllegalArgumentException e) {
      throw problem(key, value, "must be delta or iceberg, cannot be: '" + Secrets.shown(key, String.valueOf(value.unwrapped())) + "'");
    }
  }

  private static int lateness(Config c) {
    int days = c.getInt("lateness-days");
    if (days < 0 || days > 365) {
      throw problem("lateness-days", c.getValue("lateness-days"), "must be in [0, 365], cannot be: " + days);
    }
    return days;
  }

  private static String icebergCatalog(Config c) {
    String key = "iceberg.catalog";
    String name = c.getString(key);
    if (!IDENTIFIER.matcher(name).matches()) {
      throw problem(key, c.getValue(key),
          "must be an identifier (a letter or _, then letters, digits or _), cannot be: '" + Secrets.shown(key, name) + "'");
    }
    if (name.equalsIgnoreCase("spark_catalog")) {
      throw problem(key, c.getValue(key), "cannot be spark_catalog, which holds the Delta tables");
    }
    return name;
  }

  /** Catalog types whose {@code uri} names the one catalog every process shares. */
  private static final java.util.Set<String> SHARED_CATALOGS = java.util.Set.of("jdbc", "rest", "hive");

  /**
   * The Iceberg catalog's properties. A catalog type that needs a URI must have one: an empty URI
   * (an environment variable that was not set) would otherwise give each process a private catalog.
   */
  private static Map<String, String> icebergProperties(Config c) {
    Map<String, String> properties = strings(c.getConfig("iceberg.properties"));
    String type = properties.getOrDefault("type", "");
    if (SHARED_CATALOGS.contains(type) && properties.getOrDefault("uri", "").isBlank()) {
      String key = "iceberg.properties.uri";
      throw new ConfigException("Cannot load configuration: lakeshore." + key + " is not set, and an Iceberg " + type
          + " catalog needs it: every job of the lake must use the same catalog"
          + (c.hasPath(key) ? " (" + ConfigLoader.describe(c.getValue(key)) + ")" : ""));
    }
    return properties;
  }

  /**
   * {@code lakeshore.delta}: where the Delta tables are registered by name. A metastore is reached
   * one way, by its service or by its database: exactly one of {@code hive.uris} and {@code
   * hive.jdbc.url} (an empty one, an environment variable that was not set, would otherwise leave
   * each process a private catalog again, or none).
   */
  private static DeltaMetastore deltaMetastore(Config c) {
    String key = "delta.catalog";
    String kind = c.getString(key);
    if (kind.equals("session")) {
      return DeltaMetastore.SESSION;
    }
    if (!kind.equals("hive")) {
      throw problem(key, c.getValue(key), "must be session or hive, cannot be: '" + Secrets.shown(key, kind) + "'");
    }
    Config hive = c.getConfig("delta.hive");
    String uris = hive.getString("uris").strip();
    String url = hive.getString("jdbc.url").strip();
    if (uris.isEmpty() == url.isEmpty()) {
      // where each was set, never the values: a JDBC URL may carry credentials
      throw new ConfigException("Cannot load configuration: lakeshore.delta.catalog = hive needs exactly one of "
          + "lakeshore.delta.hive.uris (a metastore service) and lakeshore.delta.hive.jdbc.url (its database), "
          + (uris.isEmpty() ? "and neither is set" : "and both are set") + " (uris: " + ConfigLoader.describe(c.getValue("delta.hive.uris"))
          + "; jdbc.url: " + ConfigLoader.describe(c.getValue("delta.hive.jdbc.url")) + ")");
    }
    if (!uris.isEmpty()) {
      for (String uri : uris.split(",")) {
        if (!uri.strip().startsWith("thrift://")) {
          throw problem("delta.hive.uris", c.getValue("delta.hive.uris"),
              "must be thrift://host:port, comma-separated, cannot be: '" + Secrets.shown("delta.hive.uris", uris) + "'");
        }
      }
      return DeltaMetastore.thrift(uris);
    }
    if (!url.startsWith("jdbc:")) {
      throw problem("delta.hive.jdbc.url", c.getValue("delta.hive.jdbc.url"), "must be a jdbc: URL");
    }
    String driver = hive.getString("jdbc.driver").strip();
    if (driver.isEmpty()) {
      throw problem("delta.hive.jdbc.driver", c.getValue("delta.hive.jdbc.driver"), "must name the JDBC driver class of jdbc.url");
    }
    return DeltaMetastore.jdbc(url, driver, hive.getString("jdbc.user"), hive.getString("jdbc.password"));
  }

  /** What Spark's file sources expand as a pattern when they read a path (Hadoop's glob syntax). */
  private static final java.util.regex.Pattern GLOB = java.util.regex.Pattern.compile("[*?\\[\\]{}\\\\]");

  /**
   * A location setting ({@code root}, {@code warehouse}, {@code raw}, {@code report-dir}) as used:
   * a local path (a relative one is taken from the working directory, see {@link #toUri}) or a URI
   * with a scheme ({@code s3a://bucket/lake}, {@code file:/data/lake}). Quotes, semicolons,
   * backticks and inner spaces are ordinary characters of a folder name: locations never reach
   * SQL (tables are created by location, through the Delta API and the Iceberg catalog's
   * properties). Refused, naming the key and where it was set: an empty value (the working
   * directory, unnoticed), whitespace at either end or a control character (a folder nobody can
   * type), a {@code ..} segment (Hadoop resolves it, so the lake, or a raw zone set beside it,
   * would be in another folder than the setting reads), and glob characters (Spark expands them
   * when it reads raw files, so the raw zone would read other folders).
   */
  private static String location(Config c, String key) {
    String value = c.getString(key);
    String wrong = null;
    if (value.isBlank()) {
      wrong = "cannot be empty (it would be the working directory)";
    } else if (Secrets.carriesCredentials(value)) {
      // a location is printed in messages, reports and the ledger: credentials belong in the
      // file system's own settings (lakeshore.spark.conf)
      wrong = "cannot carry credentials (give them to the file system's settings in lakeshore.spark.conf)";
    } else if (!value.equals(value.strip())) {
      wrong = "cannot start or end with whitespace";
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      wrong = "cannot contain control characters";
    } else if (java.util.Arrays.asList(value.split("/")).contains("..")) {
      wrong = "cannot have .. segments (Hadoop would resolve them to another folder than the one it names)";
    } else if (GLOB.matcher(value).find()) {
      wrong = "cannot contain * ? [ ] { } or \\ (Spark would expand them as a pattern when it reads files)";
    }
    if (wrong != null) {
      throw problem(key, c.getValue(key), wrong + ", cannot be: '" + Secrets.shown(key, value) + "'");
    }
    return toUri(value);
  }

  /** A value that is always wrong: the message names the full key and where it was set. */
  private static ConfigException problem(String key, ConfigValue value, String what) {
    return new ConfigException(
        "Cannot load configuration: lakeshore." + key + " " + what + " (" + ConfigLoader.describe(value) + ")");
  }

  /** A digest of every setting whose key does not look secret, in key order. */
  private static String digest(Config c) {
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<>(c.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .forEach((k, v) -> {
          if (!Secrets.looksSecret(k)) {
            String value = v.render(com.typesafe.config.ConfigRenderOptions.concise());
            // the key is kept, so that adding or removing the setting still changes the digest
            text.append(k).append('=').append(Secrets.carriesCredentials(value) ? "***" : value).append('\n');
          }
        });
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot digest configuration: " + e.getMessage(), e);
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

  /**
   * A relative local path becomes an absolute {@code file://} location, so every process agrees on
   * it. Locations are Hadoop paths, not URIs: nothing is percent-encoded, so a space stays a space
   * (an encoded {@code %20} would become part of a folder name).
   */
  public static String toUri(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      return location;
    }
    return "file://" + Path.of(location).toAbsolutePath().normalize().toString().replaceAll("(.)/$", "$1");
  }
}
