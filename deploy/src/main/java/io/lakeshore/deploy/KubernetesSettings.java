package io.lakeshore.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.lakeshore.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the jobs run on Kubernetes, read once from {@code conf/kubernetes.conf} (section {@value
 * #ROOT}) and validated: every key must be set there, and an unknown key fails naming it and its
 * line. Everything in {@code deploy/generated/} is made from these values (see {@link Launches}).
 *
 * <p>The Spark settings of the jobs' own overlay ({@code lakeshore.spark.conf} of {@code
 * conf/application.conf} and {@code conf/env/<job-env>.conf}) are read too: they go to
 * spark-submit as well, so the driver and the executors have them from the start. They are read
 * without the environment, so the generated files never depend on the machine that made them.
 */
public final class KubernetesSettings {
  /** The section of {@code conf/kubernetes.conf} that holds the settings. */
  public static final String ROOT = "lakeshore.kubernetes";
  /** The file, in the configuration folder. */
  public static final String FILE = "kubernetes.conf";

  private static final Pattern SPARK_MEMORY = Pattern.compile("[0-9]+[kmgtpKMGTP]?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> TAINT_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  /** Cores and memory of the driver or of each executor, in Spark's units ({@code 4g}). */
  public record Resources(int cores, String memory, String memoryOverhead) {}

  /** Executors between {@code min} and {@code max}; an idle one is released after {@code idleTimeout}. */
  public record DynamicAllocation(int minExecutors, int maxExecutors, Duration executorIdleTimeout) {}

  /** The spot nodes: the label executors prefer or require, the taint they tolerate. */
  public record Spot(
      String labelKey, String labelValue, String taintKey, String taintValue, String taintEffect,
      boolean executorsRequired) {}

  /** Executor decommissioning: where blocks go when no executor takes them, and its bounds. */
  public record Decommission(String fallbackStoragePath, Duration forceKillTimeout, int maxRetainedRemovedExecutors) {}

  /** An environment variable read from a key of a Secret. */
  public record SecretRef(String secret, String key) {}

  /** The image: {@code <registry>/<name>:<tag>}. */
  public record Image(String registry, String name, String pullPolicy) {
    /** The reference with the given tag (always the project version). */
    public String reference(String tag) {
      return registry + "/" + name + ":" + tag;
    }
  }

  private final Path file;
  private final String namespace;
  private final String master;
  private final Image image;
  private final String jarDir;
  private final String confDir;
  private final String jobEnv;
  private final String podTemplateDir;
  private final String driverServiceAccount;
  private final String executorServiceAccount;
  private final Resources driver;
  private final Duration driverGracePeriod;
  private final Map<String, String> driverEnv;
  private final Map<String, SecretRef> driverSecretEnv;
  private final Resources executor;
  private final Duration executorGracePeriod;
  private final DynamicAllocation dynamicAllocation;
  private final Spot spot;
  private final Decommission decommission;
  private final Map<String, Config> jobs;
  private final Map<String, String> jobSparkConf;
  private final Config base;

  private KubernetesSettings(Path file, Config c, Map<String, String> jobSparkConf) {
    this.file = file;
    this.base = c;
    checkUnknownKeys(c); // first: a misspelled key is named as such, not reported as a missing one
    this.namespace = dnsLabel(c, "namespace");
    this.master = string(c, "master");
    if (!master.startsWith("k8s://")) {
      throw fail("master must start with k8s://, got '" + master + "'");
    }
    this.image = new Image(string(c, "image.registry"), string(c, "image.name"), oneOf(c, "image.pull-policy", PULL_POLICIES));
    this.jarDir = absolute(c, "jar-dir");
    this.confDir = absolute(c, "conf-dir");
    this.jobEnv = string(c, "job-env");
    this.podTemplateDir = string(c, "pod-template-dir");
    this.driverServiceAccount = dnsLabel(c, "service-account.driver");
    this.executorServiceAccount = dnsLabel(c, "service-account.executor");
    this.driver = resources(c, "driver");
    this.driverGracePeriod = duration(c, "driver.termination-grace-period");
    this.driverEnv = envMap(c, "driver.env");
    Map<String, SecretRef> secrets = new LinkedHashMap<>();
    envMap(c, "driver.secret-env").forEach((name, ref) -> {
      int colon = ref.indexOf(':');
      if (colon <= 0 || colon == ref.length() - 1) {
        throw fail("driver.secret-env." + name + " must be <secret name>:<key>, got '" + ref + "'");
      }
      secrets.put(name, new SecretRef(ref.substring(0, colon), ref.substring(colon + 1)));
    });
    this.driverSecretEnv = java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
    this.executor = resources(c, "executor");
    this.executorGracePeriod = duration(c, "executor.termination-grace-period");
    this.dynamicAllocation = dynamicAllocation(c, "dynamic-allocation");
    String executors = oneOf(c, "spot.executors", Set.of("preferred", "required"));
    this.spot = new Spot(string(c, "spot.label-key"), string(c, "spot.label-value"), string(c, "spot.taint-key"),
        string(c, "spot.taint-value"), oneOf(c, "spot.taint-effect", TAINT_EFFECTS), executors.equals("required"));
    this.decommission = new Decommission(string(c, "decommission.fallback-storage-path"),
        duration(c, "decommission.force-kill-timeout"), positive(c, "decommission.max-retained-removed-executors"));
    if (!decommission.fallbackStoragePath().endsWith("/")) {
      throw fail("decommission.fallback-storage-path must end with '/' (Spark appends the application id), got '"
          + decommission.fallbackStoragePath() + "'");
    }
    if (decommission.forceKillTimeout().compareTo(executorGracePeriod) >= 0) {
      throw fail("decommission.force-kill-timeout (" + decommission.forceKillTimeout().toSeconds()
          + "s) must be shorter than executor.termination-grace-period (" + executorGracePeriod.toSeconds()
          + "s): the executor would be killed before it gives up");
    }
    if (decommission.maxRetainedRemovedExecutors() < dynamicAllocation.maxExecutors()) {
      throw fail("decommission.max-retained-removed-executors (" + decommission.maxRetainedRemovedExecutors()
          + ") must be at least dynamic-allocation.max-executors (" + dynamicAllocation.maxExecutors() + ")");
    }
    Map<String, Config> perJob = new TreeMap<>();
    Config jobsSection = c.hasPath("jobs") ? c.getConfig("jobs") : ConfigFactory.empty();
    for (String job : jobsSection.root().keySet()) {
      perJob.put(job, jobsSection.getConfig(com.typesafe.config.ConfigUtil.joinPath(job)));
    }
    this.jobs = Map.copyOf(perJob);
    this.jobSparkConf = jobSparkConf;
    checkJobs();
  }

  /**
   * Reads {@code <confDir>/kubernetes.conf}, and the Spark settings of the jobs' overlay named by
   * its {@code job-env}.
   *
   * @throws ConfigException naming the file, the key and the problem
   */
  public static KubernetesSettings load(Path confDir) {
    Objects.requireNonNull(confDir, "confDir is null");
    Path file = confDir.resolve(FILE);
    Config all = parse(file, true);
    for (String top : all.root().keySet()) {
      if (!top.equals("lakeshore")) {
        throw new ConfigException("Cannot load " + file + ": unknown key " + top + "; settings live under " + ROOT);
      }
    }
    for (String key : all.getConfig("lakeshore").root().keySet()) {
      if (!key.equals("kubernetes")) {
        throw new ConfigException("Cannot load " + file + ": unknown key lakeshore." + key + " (line "
            + all.getValue("lakeshore." + key).origin().lineNumber() + "); settings live under " + ROOT);
      }
    }
    if (!all.hasPath(ROOT)) {
      throw new ConfigException("Cannot load " + file + ": no section " + ROOT);
    }
    Config section = all.getConfig(ROOT);
    String env = section.hasPath("job-env") ? section.getString("job-env") : "";
    if (!env.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException("Cannot load " + file + ": job-env must name a file of conf/env/, got '" + env + "'");
    }
    return new KubernetesSettings(file, section, jobSparkConf(confDir, env));
  }

  /** The jobs' Spark settings ({@code lakeshore.spark.conf}) of application.conf and env/&lt;env&gt;.conf, sorted. */
  private static Map<String, String> jobSparkConf(Path confDir, String env) {
    Path envFile = confDir.resolve("env").resolve(env + ".conf");
    if (!Files.isRegularFile(envFile)) {
      throw new ConfigException("Cannot load " + confDir.resolve(FILE) + ": job-env " + env + " has no file " + envFile);
    }
    Config merged = parse(envFile, false);
    Path app = confDir.resolve("application.conf");
    if (Files.isRegularFile(app)) {
      merged = merged.withFallback(parse(app, false));
    }
    // Not resolved: a value taken from the environment or from another key would make the
    // generated files depend on the machine or hide a difference, so only constants pass.
    Map<String, String> conf = new TreeMap<>();
    ConfigValue node = merged.root();
    for (String key : List.of("lakeshore", "spark", "conf")) {
      if (!(node instanceof com.typesafe.config.ConfigObject o) || o.get(key) == null) {
        return conf;
      }
      node = o.get(key);
    }
    if (!(node instanceof com.typesafe.config.ConfigObject sparkConf)) {
      throw new ConfigException("Cannot read lakeshore.spark.conf of " + envFile + ": not an object");
    }
    for (Map.Entry<String, ConfigValue> e : sparkConf.entrySet()) {
      Object value = constant(e.getValue());
      if (value == null) {
        throw new ConfigException("Cannot pass lakeshore.spark.conf.\"" + e.getKey() + "\" (" + envFile
            + " or application.conf, line " + e.getValue().origin().lineNumber()
            + ") to spark-submit: its value is not a constant string, number or boolean");
      }
      conf.put(e.getKey(), String.valueOf(value));
    }
    return conf;
  }

  /** The value when it is a constant string, number or boolean; null otherwise (a substitution, an object). */
  private static Object constant(ConfigValue v) {
    try {
      ConfigValueType type = v.valueType();
      return type == ConfigValueType.STRING || type == ConfigValueType.NUMBER || type == ConfigValueType.BOOLEAN
          ? v.unwrapped() : null;
    } catch (com.typesafe.config.ConfigException.NotResolved unresolved) {
      return null;
    }
  }

  private static Config parse(Path file, boolean resolve) {
    try {
      Config c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      return resolve ? c.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false)) : c;
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  // --- accessors --------------------------------------------------------------------------------

  /** The namespace of every pod and manifest. */
  public String namespace() {
    return namespace;
  }

  /** spark-submit's {@code --master}. */
  public String master() {
    return master;
  }

  public Image image() {
    return image;
  }

  /** The folder of the job jars inside the image. */
  public String jarDir() {
    return jarDir;
  }

  /** The configuration folder inside the image (the jobs' {@code --conf-dir}). */
  public String confDir() {
    return confDir;
  }

  /** The overlay the jobs load ({@code --env}). */
  public String jobEnv() {
    return jobEnv;
  }

  /** Where spark-submit finds the pod template files. */
  public String podTemplateDir() {
    return podTemplateDir;
  }

  public String driverServiceAccount() {
    return driverServiceAccount;
  }

  public String executorServiceAccount() {
    return executorServiceAccount;
  }

  public Duration driverGracePeriod() {
    return driverGracePeriod;
  }

  public Duration executorGracePeriod() {
    return executorGracePeriod;
  }

  /** Plain environment variables of the driver, sorted by name. */
  public Map<String, String> driverEnv() {
    return driverEnv;
  }

  /** Environment variables of the driver read from Secrets, sorted by name. */
  public Map<String, SecretRef> driverSecretEnv() {
    return driverSecretEnv;
  }

  public Spot spot() {
    return spot;
  }

  public Decommission decommission() {
    return decommission;
  }

  /** The jobs' own Spark settings (their overlay's {@code lakeshore.spark.conf}), sorted by key. */
  public Map<String, String> jobSparkConf() {
    return jobSparkConf;
  }

  /** The driver's resources for {@code job}: its {@code jobs.<job>.driver} section over {@code driver}. */
  public Resources driver(String job) {
    return jobs.containsKey(job) ? resources(overlay(job), "driver") : driver;
  }

  /** Each executor's resources for {@code job}. */
  public Resources executor(String job) {
    return jobs.containsKey(job) ? resources(overlay(job), "executor") : executor;
  }

  /** Dynamic allocation for {@code job}. */
  public DynamicAllocation dynamicAllocation(String job) {
    return jobs.containsKey(job) ? dynamicAllocation(overlay(job), "dynamic-allocation") : dynamicAllocation;
  }

  /** The jobs that have a section under {@code jobs}, to check that each names a job. */
  public Set<String> jobsWithOverrides() {
    return jobs.keySet();
  }

  /** The settings file, for messages. */
  public Path file() {
    return file;
  }

  // --- parsing ----------------------------------------------------------------------------------

  private Config overlay(String job) {
    return jobs.get(job).withFallback(base);
  }

  private Resources resources(Config c, String prefix) {
    return new Resources(positive(c, prefix + ".cores"), memory(c, prefix + ".memory"), memory(c, prefix + ".memory-overhead"));
  }

  private DynamicAllocation dynamicAllocation(Config c, String prefix) {
    int min = nonNegative(c, prefix + ".min-executors");
    int max = positive(c, prefix + ".max-executors");
    if (min > max) {
      throw fail(prefix + ".min-executors (" + min + ") is above " + prefix + ".max-executors (" + max + ")");
    }
    return new DynamicAllocation(min, max, duration(c, prefix + ".executor-idle-timeout"));
  }

  /** The keys a job's section may change, below {@code jobs.<job>}. */
  private static final Set<String> PER_JOB = Set.of(
      "driver.cores", "driver.memory", "driver.memory-overhead",
      "executor.cores", "executor.memory", "executor.memory-overhead",
      "dynamic-allocation.min-executors", "dynamic-allocation.max-executors", "dynamic-allocation.executor-idle-timeout");

  private static final Set<String> KEYS = Set.of(
      "namespace", "master", "image.registry", "image.name", "image.pull-policy", "jar-dir", "conf-dir", "job-env",
      "pod-template-dir", "service-account.driver", "service-account.executor",
      "driver.cores", "driver.memory", "driver.memory-overhead", "driver.termination-grace-period",
      "executor.cores", "executor.memory", "executor.memory-overhead", "executor.termination-grace-period",
      "dynamic-allocation.min-executors", "dynamic-allocation.max-executors", "dynamic-allocation.executor-idle-timeout",
      "spot.label-key", "spot.label-value", "spot.taint-key", "spot.taint-value", "spot.taint-effect", "spot.executors",
      "decommission.fallback-storage-path", "decommission.force-kill-timeout",
      "decommission.max-retained-removed-executors");

  private void checkUnknownKeys(Config c) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : new TreeMap<>(flatten(c)).entrySet()) {
      String key = e.getKey();
      if (KEYS.contains(key) || key.startsWith("driver.env.") || key.startsWith("driver.secret-env.")) {
        continue;
      }
      List<String> parts = com.typesafe.config.ConfigUtil.splitPath(key);
      if (parts.size() > 2 && parts.get(0).equals("jobs")
          && PER_JOB.contains(String.join(".", parts.subList(2, parts.size())))) {
        continue;
      }
      unknown.add(ROOT + "." + key + " (line " + e.getValue().origin().lineNumber() + ")");
    }
    if (!unknown.isEmpty()) {
      throw fail("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown));
    }
  }

  /** Each job's section, over the defaults, must be valid on its own and within the shared bounds. */
  private void checkJobs() {
    for (String job : jobs.keySet()) {
      resources(overlay(job), "driver");
      resources(overlay(job), "executor");
      DynamicAllocation d = dynamicAllocation(overlay(job), "dynamic-allocation");
      if (decommission.maxRetainedRemovedExecutors() < d.maxExecutors()) {
        throw fail("decommission.max-retained-removed-executors (" + decommission.maxRetainedRemovedExecutors()
            + ") must be at least jobs." + job + ".dynamic-allocation.max-executors (" + d.maxExecutors() + ")");
      }
    }
  }

  private static Map<String, ConfigValue> flatten(Config c) {
    Map<String, ConfigValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    // empty objects (jobs {}, env {}) have no leaf: nothing to check
    return out;
  }

  private ConfigException fail(String problem) {
    return new ConfigException("Cannot load " + file + ": " + problem);
  }

  private String string(Config c, String key) {
    try {
      String v = c.getString(key);
      if (v.isBlank()) {
        throw fail(key + " is empty");
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      throw fail(message(key, e));
    }
  }

  private String dnsLabel(Config c, String key) {
    String v = string(c, key);
    if (v.length() > 63 || !DNS_LABEL.matcher(v).matches()) {
      throw fail(key + " must be a Kubernetes name (lower-case letters, digits and '-'), got '" + v + "'");
    }
    return v;
  }

  private String absolute(Config c, String key) {
    String v = string(c, key);
    if (!v.startsWith("/") || v.endsWith("/")) {
      throw fail(key + " must be an absolute path in the image without a trailing '/', got '" + v + "'");
    }
    return v;
  }

  private String oneOf(Config c, String key, Set<String> allowed) {
    String v = string(c, key);
    if (!allowed.contains(v)) {
      throw fail(key + " must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + v + "'");
    }
    return v;
  }

  private String memory(Config c, String key) {
    String v = string(c, key);
    if (!SPARK_MEMORY.matcher(v).matches()) {
      throw fail(key + " must be a Spark memory size such as 4g or 512m, got '" + v + "'");
    }
    return v;
  }

  private int positive(Config c, String key) {
    int v = integer(c, key);
    if (v < 1) {
      throw fail(key + " must be at least 1, got " + v);
    }
    return v;
  }

  private int nonNegative(Config c, String key) {
    int v = integer(c, key);
    if (v < 0) {
      throw fail(key + " must be at least 0, got " + v);
    }
    return v;
  }

  private int integer(Config c, String key) {
    try {
      if (c.getValue(key).valueType() != ConfigValueType.NUMBER || c.getNumber(key).doubleValue() != c.getInt(key)) {
        throw fail(key + " must be a whole number, got " + c.getValue(key).render());
      }
      return c.getInt(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw fail(message(key, e));
    }
  }

  private Duration duration(Config c, String key) {
    try {
      Duration d = c.getDuration(key);
      if (d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) {
        throw fail(key + " must be a whole number of seconds above 0, got " + c.getValue(key).render());
      }
      return d;
    } catch (com.typesafe.config.ConfigException e) {
      throw fail(message(key, e));
    }
  }

  private Map<String, String> envMap(Config c, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!c.hasPath(key)) {
      throw fail(key + " is missing");
    }
    for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw fail(key + " has an invalid variable name '" + e.getKey() + "'");
      }
      if (e.getValue().valueType() != ConfigValueType.STRING) {
        throw fail(key + "." + e.getKey() + " must be a string, got " + e.getValue().render());
      }
      out.put(e.getKey(), (String) e.getValue().unwrapped());
    }
    return java.util.Collections.unmodifiableMap(new TreeMap<>(out));
  }

  private static String message(String key, com.typesafe.config.ConfigException e) {
    if (e instanceof com.typesafe.config.ConfigException.Missing) {
      return key + " is missing";
    }
    if (e instanceof com.typesafe.config.ConfigException.WrongType) {
      return key + " has the wrong type: " + e.getMessage();
    }
    if (e instanceof com.typesafe.config.ConfigException.BadValue) {
      return key + " has a bad value: " + e.getMessage();
    }
    return key + ": " + e.getMessage();
  }
}
