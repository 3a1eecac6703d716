package io.lakeshore.deploy;

import io.lakeshore.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes the {@link JobLaunch} of every job from {@link KubernetesSettings}: the one place where
 * the settings become Spark configuration. The Airflow and Argo templates are rendered from these
 * launches too, so a launch means the same wherever it is run.
 */
public final class Launches {
  /**
   * Extra JVM options of the driver and the executors. HotSpot does not JIT-compile a method over
   * 8000 bytes of bytecode, and Spark's generated code for a load with many rules is larger
   * (BENCHMARKS.md). Spark 4.1.3 adds its Java 17 module options (spark-launcher's
   * JavaModuleOptions) itself: the launcher to the driver JVM, SparkContext to
   * spark.executor.extraJavaOptions (supplementJavaModuleOptions), so they are not repeated here.
   */
  public static final String JVM_OPTIONS = "-XX:-DontCompileHugeMethods";

  private Launches() {}

  /** The project version this module was built as: the image tag and the jars' version. */
  public static String version() {
    return build().getProperty("version");
  }

  /** The Spark version of the image (the build's). */
  public static String sparkVersion() {
    return build().getProperty("spark-version");
  }

  private static Properties build() {
    try (InputStream in = Launches.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("Cannot read the build's version: io/lakeshore/deploy/build.properties is missing");
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the build's version: " + e.getMessage(), e);
    }
  }

  /** The launches of the jobs on the classpath, from {@code <confDir>/kubernetes.conf}. */
  public static List<JobLaunch> load(Path confDir) {
    String version = version();
    return of(KubernetesSettings.load(confDir), JobRef.discover(version), version, sparkVersion());
  }

  /**
   * The launch of each job in {@code jobs}, in that order.
   *
   * @throws ConfigException when a {@code jobs.<name>} section of the settings names no job
   */
  public static List<JobLaunch> of(KubernetesSettings s, List<JobRef> jobs, String version, String sparkVersion) {
    Set<String> names = new TreeSet<>();
    jobs.forEach(j -> names.add(j.name()));
    for (String job : s.jobsWithOverrides()) {
      if (!names.contains(job)) {
        throw new ConfigException("Cannot load " + s.file() + ": " + KubernetesSettings.ROOT + ".jobs." + job
            + " names no job; the jobs are " + names);
      }
    }
    List<JobLaunch> launches = new ArrayList<>();
    for (JobRef job : jobs) {
      launches.add(launch(s, job, version, sparkVersion));
    }
    return List.copyOf(launches);
  }

  private static JobLaunch launch(KubernetesSettings s, JobRef job, String version, String sparkVersion) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/part-of", "lakeshore");
    labels.put("lakeshore.io/job", job.name());
    JobLaunch.Role driver = new JobLaunch.Role(s.driver(job.name()), s.driverServiceAccount(), JVM_OPTIONS,
        Placement.driver(s), s.driverEnv(), s.driverSecretEnv());
    JobLaunch.Role executor = new JobLaunch.Role(s.executor(job.name()), s.executorServiceAccount(), JVM_OPTIONS,
        Placement.executor(s), Map.of(), Map.of());
    return new JobLaunch(job, version, sparkVersion, s.namespace(), s.master(), s.image().reference(version),
        s.image().pullPolicy(), "local://" + s.jarDir() + "/" + job.jarName(version),
        List.of("--conf-dir", s.confDir(), "--env", s.jobEnv()), labels, driver, executor,
        s.dynamicAllocation(job.name()), sharedConf(s, job.name()), s.podTemplateDir());
  }

  /**
   * The Spark settings the driver and the executors share, in order: the jobs' own (S3A), executor
   * decommissioning and grace period, dynamic allocation timing.
   */
  static Map<String, String> sharedConf(KubernetesSettings s, String job) {
    Map<String, String> conf = new LinkedHashMap<>(s.jobSparkConf());
    KubernetesSettings.Decommission d = s.decommission();
    // A decommissioning executor (SIGPWR from the preStop hook when its node drains) stops taking
    // tasks and migrates its shuffle and cached blocks to other executors, else to the fallback storage.
    conf.put("spark.decommission.enabled", "true");
    conf.put("spark.storage.decommission.enabled", "true");
    conf.put("spark.storage.decommission.shuffleBlocks.enabled", "true");
    conf.put("spark.storage.decommission.rddBlocks.enabled", "true");
    conf.put("spark.storage.decommission.fallbackStorage.path", d.fallbackStoragePath());
    conf.put("spark.storage.decommission.fallbackStorage.cleanUp", "true");
    conf.put("spark.executor.decommission.forceKillTimeout", d.forceKillTimeout().toSeconds() + "s");
    // A fetch failure from a decommissioned executor does not count toward
    // spark.stage.maxConsecutiveAttempts, but only while the scheduler remembers that executor as
    // decommissioned after its removal: TaskSchedulerImpl keeps removed ones in a cache of
    // spark.scheduler.maxRetainedRemovedDecommissionExecutors entries, 0 by default.
    conf.put("spark.stage.ignoreDecommissionFetchFailure", "true");
    conf.put("spark.scheduler.maxRetainedRemovedDecommissionExecutors", String.valueOf(d.maxRetainedRemovedExecutors()));
    // Spark sets every executor pod's grace period itself (30 s by default): the template's is ignored
    conf.put("spark.kubernetes.executor.terminationGracePeriodSeconds", String.valueOf(s.executorGracePeriod().toSeconds()));
    conf.put("spark.dynamicAllocation.executorIdleTimeout", s.dynamicAllocation(job).executorIdleTimeout().toSeconds() + "s");
    return conf;
  }
}
