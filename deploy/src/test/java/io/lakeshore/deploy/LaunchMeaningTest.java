package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the generated launches mean: the main class is in the job's shaded jar and its CLI accepts
 * the arguments, the image is tagged with the project version, executors tolerate spot and the
 * driver does not, and the decommissioning settings hold together. Reads the checked-in files
 * (GeneratedFilesTest keeps them equal to the launches).
 */
class LaunchMeaningTest {
  private static final Path GENERATED = Repo.ROOT.resolve(Generator.DIR);

  @Test
  void everyMainClassIsInItsJobJar() throws IOException {
    List<JobLaunch> launches = Repo.launches();
    assertThat(launches).extracting(l -> l.job().name()).containsExactly("aggregation", "curation", "enrichment",
        "telemetry-aggregation", "telemetry-curation", "telemetry-enrichment");
    for (JobLaunch launch : launches) {
      assertThat(launch.jar()).isEqualTo("local:///opt/lakeshore/jars/" + launch.job().jarName(Repo.VERSION));
      try (ZipFile jar = new ZipFile(Repo.jar(launch).toFile())) {
        assertThat(jar.getEntry(launch.job().mainClass().replace('.', '/') + ".class"))
            .as("%s in %s", launch.job().mainClass(), Repo.jar(launch)).isNotNull();
      }
    }
  }

  /**
   * Each job's spark-submit arguments, run with {@code --dry-run} through the real spark-submit on
   * the job's shaded jar. What needs the cluster is replaced: the master ({@code local[1]}, client
   * mode: the job's dry run never starts Spark), the jar's path in the image (the built jar), the
   * configuration folder in the image (this repository's conf/, which the image copies), and the
   * driver pod's environment (the plain values as configured, placeholders for the Secret values).
   * Everything else, every --conf and the job's own options, is passed as generated.
   */
  @Test
  void everyArgumentListIsAcceptedByItsJob() {
    for (JobLaunch launch : Repo.launches()) {
      List<String> args = new ArrayList<>(launch.sparkSubmit(Window.date("2026-01-01")));
      args = Repo.replaceOption(args, "--master", "local[1]");
      args = Repo.replaceOption(args, "--deploy-mode", "client");
      args = Repo.replaceOption(args, "--conf-dir", Repo.ROOT.resolve("conf").toString());
      args.set(args.indexOf(launch.jar()), Repo.jar(launch).toString());
      args.add("--dry-run");
      List<String> cmd = new ArrayList<>(List.of(Repo.venvBin().resolve("spark-submit").toString()));
      cmd.addAll(args);
      Map<String, String> env = new HashMap<>(Repo.sparkEnv());
      env.putAll(launch.driver().env());
      launch.driver().secretEnv().keySet().forEach(name -> env.put(name, "placeholder-of-a-secret"));

      Repo.Result run = Repo.run(cmd, env, 180);

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("plan for " + launch.job().name() + " over 2026-01-01 (dry run: nothing is written)");
      assertThat(run.output()).doesNotContain("placeholder-of-a-secret");
    }
  }

  @Test
  void imagesAreTaggedWithTheProjectVersion() throws IOException {
    assertThat(Repo.VERSION).isNotEmpty().isEqualTo(parentPomVersion());
    String image = "ghcr.io/lakeshore/lakeshore-jobs:" + Repo.VERSION;
    for (JobLaunch launch : Repo.launches()) {
      String job = launch.job().name();
      Map<?, ?> app = (Map<?, ?>) Yaml.read(Files.readString(GENERATED.resolve("spark-applications/" + job + ".yaml")));
      assertThat(((Map<?, ?>) app.get("spec")).get("image")).isEqualTo(image);
      assertThat(((Map<?, ?>) app.get("spec")).get("mainApplicationFile"))
          .isEqualTo("local:///opt/lakeshore/jars/" + launch.job().module() + "-" + Repo.VERSION + "-job.jar");
      assertThat(Files.readAllLines(GENERATED.resolve("spark-submit/" + job + ".args")))
          .contains("spark.kubernetes.container.image=" + image);
    }
  }

  private static String parentPomVersion() throws IOException {
    String pom = Files.readString(Repo.ROOT.resolve("pom.xml"));
    // the project's own <version>, the first after </parent> or, without a parent, after <artifactId>
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "<artifactId>lakeshore-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).as("the parent pom's version").isTrue();
    return m.group(1);
  }

  @Test
  void executorsTolerateSpotAndTheDriverDoesNot() throws IOException {
    Map<String, Object> spotToleration = Map.of(
        "key", "eks.amazonaws.com/capacityType", "operator", "Equal", "value", "SPOT", "effect", "NoSchedule");
    Map<?, ?> driverTemplate = spec(GENERATED.resolve("pod-templates/driver.yaml"));
    Map<?, ?> executorTemplate = spec(GENERATED.resolve("pod-templates/executor.yaml"));
    assertThat(driverTemplate.get("tolerations")).isNull();
    assertThat(executorTemplate.get("tolerations")).isEqualTo(List.of(spotToleration));
    assertRequiresNotSpot(driverTemplate);
    assertPrefersSpot(executorTemplate);
    for (JobLaunch launch : Repo.launches()) {
      Map<?, ?> spec = spec(GENERATED.resolve("spark-applications/" + launch.job().name() + ".yaml"));
      Map<?, ?> driver = (Map<?, ?>) spec.get("driver");
      Map<?, ?> executor = (Map<?, ?>) spec.get("executor");
      assertThat(driver.get("tolerations")).isNull();
      assertThat(executor.get("tolerations")).isEqualTo(List.of(spotToleration));
      assertRequiresNotSpot(driver);
      assertPrefersSpot(executor);
      // nothing both roles share places pods
      assertThat(spec.keySet().stream().map(Object::toString).toList()).doesNotContain("nodeSelector", "affinity", "tolerations");
      assertThat(((Map<?, ?>) spec.get("sparkConf")).keySet()).noneMatch(k -> k.toString().contains("node.selector"));
      assertThat(launch.sparkSubmitConf().keySet()).noneMatch(k -> k.contains("node.selector") || k.contains("toleration"));
    }
  }

  private static void assertRequiresNotSpot(Map<?, ?> podSpec) {
    Map<String, Object> notSpot = Map.of("key", "eks.amazonaws.com/capacityType", "operator", "NotIn", "values", List.of("SPOT"));
    Map<String, Object> terms = Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(notSpot))));
    assertThat(podSpec.get("affinity"))
        .isEqualTo(Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution", terms)));
  }

  private static void assertPrefersSpot(Map<?, ?> podSpec) {
    Map<String, Object> spot = Map.of("key", "eks.amazonaws.com/capacityType", "operator", "In", "values", List.of("SPOT"));
    Map<String, Object> preference = Map.of("weight", 100, "preference", Map.of("matchExpressions", List.of(spot)));
    assertThat(podSpec.get("affinity"))
        .isEqualTo(Map.of("nodeAffinity", Map.of("preferredDuringSchedulingIgnoredDuringExecution", List.of(preference))));
  }

  private static Map<?, ?> spec(Path manifest) throws IOException {
    return (Map<?, ?>) ((Map<?, ?>) Yaml.read(Files.readString(manifest))).get("spec");
  }

  /**
   * spark.stage.ignoreDecommissionFetchFailure only works while the scheduler remembers removed
   * decommissioned executors (Spark 4.1.3: TaskSchedulerImpl's executorsRemovedByDecom cache, sized
   * by spark.scheduler.maxRetainedRemovedDecommissionExecutors, default 0), and a decommissioning
   * executor must give up before its pod is killed.
   */
  @Test
  void decommissioningSettingsHoldTogether() {
    for (JobLaunch launch : Repo.launches()) {
      Map<String, String> conf = launch.sparkSubmitConf();
      assertThat(conf).containsEntry("spark.decommission.enabled", "true")
          .containsEntry("spark.storage.decommission.shuffleBlocks.enabled", "true")
          .containsEntry("spark.storage.decommission.rddBlocks.enabled", "true")
          .containsEntry("spark.stage.ignoreDecommissionFetchFailure", "true")
          .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true");
      assertThat(conf.get("spark.storage.decommission.fallbackStorage.path")).startsWith("s3a://").endsWith("/");
      assertThat(Integer.parseInt(conf.get("spark.scheduler.maxRetainedRemovedDecommissionExecutors")))
          .isGreaterThanOrEqualTo(Integer.parseInt(conf.get("spark.dynamicAllocation.maxExecutors")));
      long grace = Long.parseLong(conf.get("spark.kubernetes.executor.terminationGracePeriodSeconds"));
      assertThat(launch.executor().placement().terminationGracePeriodSeconds()).isEqualTo(grace);
      assertThat(Long.parseLong(conf.get("spark.executor.decommission.forceKillTimeout").replace("s", ""))).isLessThan(grace);
      // web identity through the SDK's default chain; no key of any kind
      assertThat(conf).containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider",
          "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
      assertThat(conf.keySet()).noneMatch(k -> k.contains("access.key") || k.contains("secret.key") || k.contains("session.token"));
    }
  }
}
