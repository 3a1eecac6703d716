package io.lakeshore.deploy;

import java.util.List;
import java.util.Map;

/**
 * Where a pod may run and how long it has to stop: node affinity, tolerations and the termination
 * grace period, as Kubernetes objects (maps and lists, ready for a pod spec, a pod template or a
 * SparkApplication's driver or executor spec). Placement is per role and never in anything the
 * driver and the executors share (Spark conf, the SparkApplication's top-level spec).
 *
 * @param affinity the pod's {@code affinity}
 * @param tolerations the pod's {@code tolerations} (empty: tolerates no taint)
 * @param terminationGracePeriodSeconds seconds between SIGTERM and SIGKILL
 */
public record Placement(Map<String, Object> affinity, List<Map<String, Object>> tolerations, long terminationGracePeriodSeconds) {
  public Placement {
    affinity = Yaml.frozen(affinity);
    tolerations = List.copyOf(tolerations.stream().map(Yaml::frozen).toList());
  }

  /** The driver: requires a node that is not spot (NotIn, so nodes without the label qualify), tolerates nothing. */
  public static Placement driver(KubernetesSettings s) {
    KubernetesSettings.Spot spot = s.spot();
    Map<String, Object> nodeAffinity = Map.of("requiredDuringSchedulingIgnoredDuringExecution",
        Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(expression(spot, "NotIn"))))));
    return new Placement(Map.of("nodeAffinity", nodeAffinity), List.of(), s.driverGracePeriod().toSeconds());
  }

  /** The executors: tolerate the spot taint, and prefer (weight 100) or require the spot label. */
  public static Placement executor(KubernetesSettings s) {
    KubernetesSettings.Spot spot = s.spot();
    Map<String, Object> nodeAffinity = spot.executorsRequired()
        ? Map.of("requiredDuringSchedulingIgnoredDuringExecution",
            Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(expression(spot, "In"))))))
        : Map.of("preferredDuringSchedulingIgnoredDuringExecution",
            List.of(Yaml.map("weight", 100, "preference", Map.of("matchExpressions", List.of(expression(spot, "In"))))));
    Map<String, Object> toleration = Yaml.map(
        "key", spot.taintKey(), "operator", "Equal", "value", spot.taintValue(), "effect", spot.taintEffect());
    return new Placement(Map.of("nodeAffinity", nodeAffinity), List.of(toleration), s.executorGracePeriod().toSeconds());
  }

  private static Map<String, Object> expression(KubernetesSettings.Spot spot, String operator) {
    return Yaml.map("key", spot.labelKey(), "operator", operator, "values", List.of(spot.labelValue()));
  }
}
