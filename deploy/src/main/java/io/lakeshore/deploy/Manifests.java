package io.lakeshore.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects made from a {@link JobLaunch}: the driver and executor pod templates of
 * spark-submit, and a SparkApplication ({@code sparkoperator.k8s.io/v1beta2}) per job. Objects are
 * ordered maps and lists ({@link Yaml}), so a caller (an Airflow or Argo generator) can embed or
 * adjust one before writing it.
 */
public final class Manifests {
  /** The image's user (the official Spark images' {@code spark} user). */
  public static final int SPARK_UID = 185;

  private Manifests() {}

  /**
   * A pod template file for spark-submit ({@code spark.kubernetes.<role>.podTemplateFile}): the
   * role's placement and grace period, the image's non-root user, and the container Spark fills
   * in (image, command, resources and environment come from the Spark settings).
   *
   * @param container {@link JobLaunch#DRIVER_CONTAINER} or {@link JobLaunch#EXECUTOR_CONTAINER}
   */
  public static Map<String, Object> podTemplate(Placement placement, String container, Map<String, String> labels) {
    Map<String, Object> spec = Yaml.map(
        "securityContext", podSecurityContext(),
        "terminationGracePeriodSeconds", placement.terminationGracePeriodSeconds(),
        "affinity", placement.affinity());
    if (!placement.tolerations().isEmpty()) {
      spec.put("tolerations", placement.tolerations());
    }
    spec.put("containers", List.of(Yaml.map("name", container)));
    return Yaml.frozen(Yaml.map(
        "apiVersion", "v1",
        "kind", "Pod",
        "metadata", Yaml.map("labels", labels),
        "spec", spec));
  }

  /** The pod security context of driver and executors: the image's user, never root. */
  public static Map<String, Object> podSecurityContext() {
    // fsGroup: the projected web identity token is readable by the pod's group
    return Yaml.map("runAsUser", SPARK_UID, "runAsNonRoot", true, "fsGroup", SPARK_UID);
  }

  /** The SparkApplication of {@code launch} for the checked-in files: {@code lakeshore-<job>-${DATE}}, {@code --date ${DATE}}. */
  public static Map<String, Object> sparkApplication(JobLaunch launch) {
    return sparkApplication(launch, launch.appName() + "-" + Window.DATE, Window.TEMPLATE);
  }

  /**
   * The SparkApplication of {@code launch} for {@code window}, named {@code name} (a DNS subdomain
   * name once rendered). Placement is in {@code spec.driver} and {@code spec.executor} only;
   * {@code spec.sparkConf} holds what both share. The operator does not restart a failed run
   * ({@code restartPolicy: Never}): the orchestrator retries the idempotent window.
   */
  public static Map<String, Object> sparkApplication(JobLaunch launch, String name, Window window) {
    Map<String, Object> spec = Yaml.map(
        "type", "Java",
        "mode", "cluster",
        "sparkVersion", launch.sparkVersion(),
        "image", launch.image(),
        "imagePullPolicy", launch.imagePullPolicy(),
        "mainClass", launch.job().mainClass(),
        "mainApplicationFile", launch.jar(),
        "arguments", launch.arguments(window),
        "sparkConf", launch.sparkConf(),
        "dynamicAllocation", Yaml.map(
            "enabled", true,
            "shuffleTrackingEnabled", true,
            "minExecutors", launch.dynamicAllocation().minExecutors(),
            "maxExecutors", launch.dynamicAllocation().maxExecutors()),
        "restartPolicy", Yaml.map("type", "Never"),
        "driver", role(launch.driver(), launch.labels()),
        "executor", role(launch.executor(), launch.labels()));
    return Yaml.frozen(Yaml.map(
        "apiVersion", "sparkoperator.k8s.io/v1beta2",
        "kind", "SparkApplication",
        "metadata", Yaml.map("name", name, "namespace", launch.namespace(), "labels", launch.labels()),
        "spec", spec));
  }

  private static Map<String, Object> role(JobLaunch.Role role, Map<String, String> labels) {
    Map<String, Object> spec = Yaml.map(
        "cores", role.resources().cores(),
        "memory", role.resources().memory(),
        "memoryOverhead", role.resources().memoryOverhead(),
        "serviceAccount", role.serviceAccount(),
        "javaOptions", role.javaOptions(),
        "labels", labels);
    List<Object> env = new ArrayList<>();
    role.env().forEach((k, v) -> env.add(Yaml.map("name", k, "value", v)));
    role.secretEnv().forEach((k, v) -> env.add(Yaml.map("name", k,
        "valueFrom", Yaml.map("secretKeyRef", Yaml.map("name", v.secret(), "key", v.key())))));
    if (!env.isEmpty()) {
      spec.put("env", env);
    }
    spec.put("podSecurityContext", podSecurityContext());
    spec.put("terminationGracePeriodSeconds", role.placement().terminationGracePeriodSeconds());
    spec.put("affinity", role.placement().affinity());
    if (!role.placement().tolerations().isEmpty()) {
      spec.put("tolerations", role.placement().tolerations());
    }
    return spec;
  }
}
