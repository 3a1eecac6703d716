package io.lakeshore.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Loads the layered configuration once, at a job's entry point.
 *
 * <p>Precedence, lowest first: every {@code reference.conf} on the classpath (library and job
 * defaults) &lt; {@code <confDir>/application.conf} &lt; {@code <confDir>/env/<env>.conf} &lt;
 * {@code --conf key=value} overrides. Substitutions such as {@code ${lakeshore.root}} resolve
 * after all layers are merged, so an override of {@code lakeshore.root} moves every path
 * derived from it. Environment variables are reachable as {@code ${?NAME}}.
 *
 * <p>Validation: under {@code lakeshore}, every key must be declared by a reference.conf (except
 * inside the open maps listed in {@link #OPEN_SECTIONS}) and have the declared type; a key
 * declared as an integer takes only whole numbers. Sections of {@code lakeshore.jobs} that no
 * module on the classpath declares are skipped, so one application.conf can configure every job
 * while each job jar carries only its own defaults. A job declares its tables there too
 * ({@code lakeshore.jobs.<job>.tables."zone.name"}), so a setting for a table no job writes is an
 * unknown key.
 *
 * <p>Messages name the key and where it was set; the value of a key that looks secret (see
 * {@link Secrets}) is never printed.
 */
public final class ConfigLoader {
  /** Sections whose keys are free-form: Spark settings, per-table formats, catalog properties. */
  static final List<String> OPEN_SECTIONS =
      List.of(
          "lakeshore.spark.conf",
          "lakeshore.iceberg.properties",
          "lakeshore.table-defaults.max-null-ratio",
          "lakeshore.jobs.*.tables.*.max-null-ratio");

  private static final String ROOT = "lakeshore";

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param confDir folder holding application.conf and env/&lt;env&gt;.conf
   * @param env environment name, selects env/&lt;env&gt;.conf, which must exist
   * @param overrides {@code key=value} pairs, highest precedence, in order
   * @throws ConfigException naming the key, the expected type and the file
   */
  public static LakeshoreConfig load(Path confDir, String env, List<String> overrides) {
    Objects.requireNonNull(confDir, "confDir is null");
    Objects.requireNonNull(env, "env is null");
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config merged = reference;
    Path app = confDir.resolve("application.conf");
    if (Files.isRegularFile(app)) {
      merged = parseFile(app).withFallback(merged);
    }
    if (!env.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException("Cannot load configuration: invalid --env name: '" + env + "'");
    }
    Path envFile = confDir.resolve("env").resolve(env + ".conf");
    if (!Files.isRegularFile(envFile)) {
      throw new ConfigException(
          "Cannot load configuration: no file for --env " + env + ": " + envFile);
    }
    merged = parseFile(envFile).withFallback(merged);
    for (String override : overrides) {
      merged = parseOverride(override).withFallback(merged);
    }
    Config resolved;
    Config resolvedReference;
    try {
      resolved = merged.resolve(ConfigResolveOptions.defaults());
      resolvedReference = reference.resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot load configuration: " + e.getMessage(), e);
    }
    validate(resolved, resolvedReference);
    return LakeshoreConfig.from(env, resolved, notes(resolved, resolvedReference));
  }

  private static Config parseFile(Path file) {
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot load configuration: " + e.getMessage(), e);
    }
  }

  private static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "Cannot parse --conf: expected key=value, got: '" + (Secrets.looksSecret(override) ? "***" : override) + "'");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    try {
      ConfigUtil.splitPath(key);
      // A value that is not valid HOCON on its own (a path, a URI, local[2]: a string followed by
      // a list) is taken as a string.
      Config parsed;
      try {
        parsed = ConfigFactory.parseString(key + " = " + value, origin(override));
      } catch (com.typesafe.config.ConfigException e) {
        parsed = ConfigFactory.parseString(key + " = " + ConfigUtil.quoteString(value), origin(override));
      }
      return parsed;
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot parse --conf: invalid key in '" + Secrets.redactOverride(override) + "'", e);
    }
  }

  private static ConfigParseOptions origin(String override) {
    return ConfigParseOptions.defaults().setOriginDescription("--conf " + Secrets.redactOverride(override));
  }

  private static void validate(Config config, Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> top : config.root().entrySet()) {
      if (!top.getKey().equals(ROOT)) {
        problems.add("unknown key " + top.getKey() + " (" + describe(top.getValue()) + "); settings live under " + ROOT);
      }
    }
    Config ours = config.getConfig(ROOT);
    for (Map.Entry<String, ConfigValue> entry : new java.util.TreeMap<>(toMap(ours)).entrySet()) {
      String path = ROOT + "." + entry.getKey();
      if (isOpen(path) || isUndeclaredJob(path, reference)) {
        continue;
      }
      if (!reference.hasPathOrNull(path)) {
        problems.add("unknown key " + path + " (" + describe(entry.getValue()) + ")");
        continue;
      }
      ConfigValue expected = reference.getValue(path);
      ConfigValue actual = entry.getValue();
      if (isInteger(expected) && compatible(expected, actual) && !isWhole(actual)) {
        problems.add(path + " must be an integer, cannot be: " + shown(path, actual) + " (" + describe(actual) + ")");
        continue;
      }
      if (!compatible(expected, actual)) {
        problems.add(
            path
                + " has type "
                + actual.valueType()
                + ", expected "
                + expected.valueType()
                + " ("
                + describe(actual)
                + ")");
      }
    }
    // Declared keys that a layer removed (set to null) are missing.
    for (Map.Entry<String, ConfigValue> entry : toMap(reference.getConfig(ROOT)).entrySet()) {
      String path = ROOT + "." + entry.getKey();
      if (!isOpen(path) && !config.hasPath(path)) {
        ConfigValue set = valueOrNull(config, path);
        problems.add("missing key " + path + " (" + describe(set != null ? set : entry.getValue()) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Cannot load configuration: " + String.join("; ", new TreeSet<>(problems)));
    }
  }

  /**
   * What is accepted but worth a word: job sections that no module on the classpath declares
   * (another job jar's, or a misspelled name), with the jobs that are declared.
   */
  private static List<String> notes(Config config, Config reference) {
    java.util.Set<String> declared = new TreeSet<>(reference.getObject(ROOT + ".jobs").keySet());
    java.util.Set<String> others = new TreeSet<>(config.getObject(ROOT + ".jobs").keySet());
    others.removeAll(declared);
    if (others.isEmpty()) {
      return List.of();
    }
    return List.of("Note: lakeshore.jobs has sections for jobs not on this classpath, left to them: " + String.join(", ", others)
        + " (declared here: " + String.join(", ", declared) + "); a misspelled job name would be among them");
  }

  /** The value at {@code path}, a null value included (Config.getValue throws for those). */
  private static ConfigValue valueOrNull(Config config, String path) {
    ConfigValue value = config.root();
    for (String key : ConfigUtil.splitPath(path)) {
      if (!(value instanceof com.typesafe.config.ConfigObject object) || !object.containsKey(key)) {
        return null;
      }
      value = object.get(key);
    }
    return value;
  }

  private static Map<String, ConfigValue> toMap(Config config) {
    Map<String, ConfigValue> map = new java.util.HashMap<>();
    config.entrySet().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** Whether {@code path} lies in an open section; {@code *} in a section matches one key. */
  private static boolean isOpen(String path) {
    List<String> parts = ConfigUtil.splitPath(path);
    for (String section : OPEN_SECTIONS) {
      List<String> pattern = List.of(section.split("\\.")); // plain keys and *, no quoting
      if (parts.size() < pattern.size()) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < pattern.size() && match; i++) {
        match = pattern.get(i).equals("*") || pattern.get(i).equals(parts.get(i));
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUndeclaredJob(String path, Config reference) {
    List<String> parts = ConfigUtil.splitPath(path);
    if (parts.size() < 3 || !parts.get(1).equals("jobs")) {
      return false;
    }
    return !reference.hasPath(ConfigUtil.joinPath(parts.subList(0, 3)));
  }

  private static boolean compatible(ConfigValue expected, ConfigValue actual) {
    if (expected.valueType() == actual.valueType()) {
      return true;
    }
    // HOCON parses unquoted 7 as NUMBER but "7" as STRING; accept what typesafe converts.
    Object unwrapped = actual.unwrapped();
    switch (expected.valueType()) {
      case NUMBER:
        return unwrapped instanceof String s && s.matches("-?[0-9]+(\\.[0-9]+)?");
      case BOOLEAN:
        return unwrapped instanceof String s && s.matches("true|false|yes|no|on|off");
      case STRING:
        return actual.valueType() == com.typesafe.config.ConfigValueType.NUMBER
            || actual.valueType() == com.typesafe.config.ConfigValueType.BOOLEAN;
      default:
        return false;
    }
  }

  private static boolean isInteger(ConfigValue reference) {
    return reference.unwrapped() instanceof Integer || reference.unwrapped() instanceof Long;
  }

  /** A number, or a quoted number, without a fraction: typesafe would truncate 3.5 to 3. */
  private static boolean isWhole(ConfigValue value) {
    try {
      return new java.math.BigDecimal(String.valueOf(value.unwrapped()).trim()).stripTrailingZeros().scale() <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A value for a message, hidden when the key looks secret. */
  static String shown(String path, ConfigValue value) {
    return Secrets.shown(path, String.valueOf(value.unwrapped()));
  }

  /** Where a value was set: the file and line, or the {@code --conf} argument (secrets hidden). */
  static String describe(ConfigValue value) {
    String origin = value.origin().description();
    return origin.startsWith("merge of ") ? origin.substring("merge of ".length()) : origin;
  }
}
