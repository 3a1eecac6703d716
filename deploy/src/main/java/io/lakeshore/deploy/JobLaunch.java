package io.lakeshore.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to launch one job on Kubernetes, whatever launches it (spark-submit, the
 * Spark operator, Airflow, Argo): the image, the main class and its jar in the image, the job's
 * arguments for a {@link Window}, the Spark settings the driver and the executors share, and per
 * role its resources, service account, JVM options, environment and {@link Placement}.
 *
 * <p>Made by {@link Launches} from {@link KubernetesSettings}; rendered by {@link Manifests}.
 *
 * @param job the job's name, main class and module
 * @param version the project version: the image tag and the jar's version
 * @param sparkVersion the Spark version of the image
 * @param namespace the namespace of every pod
 * @param master spark-submit's {@code --master}
 * @param image the image reference, tagged with {@code version}
 * @param imagePullPolicy the image pull policy
 * @param jar the job's shaded jar inside the image ({@code local:///…})
 * @param jobArguments the job options every run passes before its window ({@code --conf-dir}, {@code --env})
 * @param labels labels of the driver and executor pods
 * @param driver the driver's resources, account, options and placement
 * @param executor each executor's
 * @param dynamicAllocation executors between min and max
 * @param sparkConf Spark settings the driver and the executors share: decommissioning, S3A,
 *     dynamic allocation timing; never placement
 * @param podTemplateDir where spark-submit finds {@code driver.yaml} and {@code executor.yaml}
 */
public record JobLaunch(
    JobRef job,
    String version,
    String sparkVersion,
    String namespace,
    String master,
    String image,
    String imagePullPolicy,
    String jar,
    List<String> jobArguments,
    Map<String, String> labels,
    Role driver,
    Role executor,
    KubernetesSettings.DynamicAllocation dynamicAllocation,
    Map<String, String> sparkConf,
    String podTemplateDir) {

  /** The container name of the driver pod template (Spark's default name). */
  public static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
  /** The container name of the executor pod template (Spark's default name). */
  public static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

  public JobLaunch {
    Objects.requireNonNull(job, "job is null");
    jobArguments = List.copyOf(jobArguments);
    labels = Yaml.frozen(new LinkedHashMap<>(labels));
    sparkConf = Yaml.frozen(new LinkedHashMap<>(sparkConf));
  }

  /**
   * What a driver or an executor gets.
   *
   * @param resources cores and memory
   * @param serviceAccount the pod's service account (web identity for S3; the driver's also manages executor pods)
   * @param javaOptions extra JVM options ({@code spark.<role>.extraJavaOptions})
   * @param placement affinity, tolerations and grace period
   * @param env plain environment variables (the driver's; none for executors)
   * @param secretEnv environment variables read from Secrets
   */
  public record Role(
      KubernetesSettings.Resources resources,
      String serviceAccount,
      String javaOptions,
      Placement placement,
      Map<String, String> env,
      Map<String, KubernetesSettings.SecretRef> secretEnv) {
    public Role {
      env = Yaml.frozen(new LinkedHashMap<>(env));
      secretEnv = Yaml.frozen(new LinkedHashMap<>(secretEnv));
    }
  }

  /** The application name: {@code lakeshore-<job>}. */
  public String appName() {
    return "lakeshore-" + job.name();
  }

  /** The job's arguments for {@code window}: the fixed options, then the window's. */
  public List<String> arguments(Window window) {
    List<String> args = new ArrayList<>(jobArguments);
    args.addAll(window.arguments());
    return List.copyOf(args);
  }

  /**
   * Every {@code --conf} of spark-submit, in order: the Kubernetes settings (namespace, image,
   * accounts, pod templates, labels, driver environment), resources and JVM options per role,
   * dynamic allocation, then {@link #sparkConf()}. Placement is only in the pod template files.
   */
  public Map<String, String> sparkSubmitConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.namespace", namespace);
    conf.put("spark.kubernetes.container.image", image);
    conf.put("spark.kubernetes.container.image.pullPolicy", imagePullPolicy);
    conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", driver.serviceAccount());
    conf.put("spark.kubernetes.authenticate.executor.serviceAccountName", executor.serviceAccount());
    conf.put("spark.kubernetes.driver.podTemplateFile", podTemplateDir + "/driver.yaml");
    conf.put("spark.kubernetes.driver.podTemplateContainerName", DRIVER_CONTAINER);
    conf.put("spark.kubernetes.executor.podTemplateFile", podTemplateDir + "/executor.yaml");
    conf.put("spark.kubernetes.executor.podTemplateContainerName", EXECUTOR_CONTAINER);
    labels.forEach((k, v) -> conf.put("spark.kubernetes.driver.label." + k, v));
    labels.forEach((k, v) -> conf.put("spark.kubernetes.executor.label." + k, v));
    driver.env().forEach((k, v) -> conf.put("spark.kubernetes.driverEnv." + k, v));
    driver.secretEnv().forEach((k, v) -> conf.put("spark.kubernetes.driver.secretKeyRef." + k, v.secret() + ":" + v.key()));
    executor.secretEnv().forEach((k, v) -> conf.put("spark.kubernetes.executor.secretKeyRef." + k, v.secret() + ":" + v.key()));
    role(conf, "driver", driver);
    role(conf, "executor", executor);
    conf.put("spark.dynamicAllocation.enabled", "true");
    conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
    conf.put("spark.dynamicAllocation.minExecutors", String.valueOf(dynamicAllocation.minExecutors()));
    conf.put("spark.dynamicAllocation.maxExecutors", String.valueOf(dynamicAllocation.maxExecutors()));
    conf.putAll(sparkConf);
    return conf;
  }

  private static void role(Map<String, String> conf, String name, Role role) {
    conf.put("spark." + name + ".cores", String.valueOf(role.resources().cores()));
    conf.put("spark." + name + ".memory", role.resources().memory());
    conf.put("spark." + name + ".memoryOverhead", role.resources().memoryOverhead());
    conf.put("spark." + name + ".extraJavaOptions", role.javaOptions());
  }

  /**
   * spark-submit's arguments (without the {@code spark-submit} command itself) for {@code window}:
   * {@code --master}, {@code --deploy-mode cluster}, {@code --name}, {@code --class}, every
   * {@code --conf}, the jar, then the job's arguments.
   */
  public List<String> sparkSubmit(Window window) {
    List<String> args = new ArrayList<>(List.of(
        "--master", master, "--deploy-mode", "cluster", "--name", appName(), "--class", job.mainClass()));
    sparkSubmitConf().forEach((k, v) -> {
      args.add("--conf");
      args.add(k + "=" + v);
    });
    args.add(jar);
    args.addAll(arguments(window));
    return List.copyOf(args);
  }
}
