package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/kubernetes.conf is validated once, with messages that name the key, and per-job sections change only that job. */
class KubernetesSettingsTest {
  private static final List<JobRef> JOBS = List.of(
      new JobRef("curation", "io.lakeshore.jobs.curation.CurationJob", "jobs-curation"),
      new JobRef("enrichment", "io.lakeshore.jobs.enrichment.EnrichmentJob", "jobs-enrichment"));

  @TempDir
  Path conf;

  /** A copy of the repository's conf/ with {@code lines} appended to kubernetes.conf (later values win). */
  private Path confWith(String... lines) throws IOException {
    Path source = Repo.ROOT.resolve("conf");
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        Path target = conf.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Files.writeString(conf.resolve("kubernetes.conf"), "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    return conf;
  }

  private static int lines(Path file) throws IOException {
    return Files.readAllLines(file).size();
  }

  @Test
  void unknownKeysAreNamedWithTheirLine() throws IOException {
    Path dir = confWith();
    int line = lines(dir.resolve("kubernetes.conf")) + 1;
    Files.writeString(dir.resolve("kubernetes.conf"), "lakeshore.kubernetes.executor.memroy = 8g\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> KubernetesSettings.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load " + dir.resolve("kubernetes.conf") + ": unknown key lakeshore.kubernetes.executor.memroy (line "
            + line + ")");
  }

  @Test
  void aMisspelledKeyIsNamedBeforeTheKeyItMisses() throws IOException {
    Path file = confWith().resolve("kubernetes.conf");
    String original = Files.readString(file);
    Files.writeString(file, original.replace("    memory-overhead = 3g", "    memory-overhed = 3g"));
    int line = Files.readString(file).lines().toList().indexOf("    memory-overhed = 3g") + 1;

    assertThatThrownBy(() -> KubernetesSettings.load(file.getParent())).isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load " + file + ": unknown key lakeshore.kubernetes.executor.memory-overhed (line " + line + ")");
  }

  @Test
  void badValuesAreRefused() throws IOException {
    Path file = confWith().resolve("kubernetes.conf");
    String original = Files.readString(file);
    Map<String, String> cases = Map.of(
        "lakeshore.kubernetes.spot.executors = sometimes",
        "spot.executors must be one of [preferred, required], got 'sometimes'",
        "lakeshore.kubernetes.decommission.force-kill-timeout = 120s",
        "decommission.force-kill-timeout (120s) must be shorter than executor.termination-grace-period (120s):"
            + " the executor would be killed before it gives up",
        "lakeshore.kubernetes.decommission.max-retained-removed-executors = 10",
        "decommission.max-retained-removed-executors (10) must be at least dynamic-allocation.max-executors (20)",
        "lakeshore.kubernetes.executor.memory = 12GB",
        "executor.memory must be a Spark memory size such as 4g or 512m, got '12GB'",
        "lakeshore.kubernetes.namespace = Lakeshore",
        "namespace must be a Kubernetes name (lower-case letters, digits and '-'), got 'Lakeshore'",
        "lakeshore.kubernetes.driver.secret-env.LAKESHORE_ICEBERG_JDBC_PASSWORD = lakeshore-catalog",
        "driver.secret-env.LAKESHORE_ICEBERG_JDBC_PASSWORD must be <secret name>:<key>, got 'lakeshore-catalog'",
        "lakeshore.kubernetes.decommission.fallback-storage-path = \"s3a://lakeshore/spark-fallback\"",
        "decommission.fallback-storage-path must end with '/' (Spark appends the application id), got 's3a://lakeshore/spark-fallback'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(file, original + c.getKey() + "\n");
      assertThatThrownBy(() -> KubernetesSettings.load(file.getParent())).as(c.getKey())
          .isInstanceOf(ConfigException.class).hasMessage("Cannot load " + file + ": " + c.getValue());
    }
  }

  @Test
  void aJobSectionChangesOnlyThatJob() throws IOException {
    KubernetesSettings s = KubernetesSettings.load(confWith(
        "lakeshore.kubernetes.jobs.enrichment.executor.memory = 16g",
        "lakeshore.kubernetes.jobs.enrichment.dynamic-allocation.max-executors = 40",
        "lakeshore.kubernetes.decommission.max-retained-removed-executors = 40"));
    List<JobLaunch> launches = Launches.of(s, JOBS, "1.2.3", "4.1.3");

    JobLaunch curation = launches.get(0);
    JobLaunch enrichment = launches.get(1);
    assertThat(curation.sparkSubmitConf()).containsEntry("spark.executor.memory", "12g")
        .containsEntry("spark.dynamicAllocation.maxExecutors", "20");
    assertThat(enrichment.sparkSubmitConf()).containsEntry("spark.executor.memory", "16g")
        .containsEntry("spark.executor.cores", "4").containsEntry("spark.dynamicAllocation.maxExecutors", "40");
    assertThat(enrichment.image()).isEqualTo("ghcr.io/lakeshore/lakeshore-jobs:1.2.3");
    assertThat(enrichment.jar()).isEqualTo("local:///opt/lakeshore/jars/jobs-enrichment-1.2.3-job.jar");
  }

  @Test
  void aJobSectionMustNameAJob() throws IOException {
    Path dir = confWith("lakeshore.kubernetes.jobs.enrichmnet.executor.memory = 16g");
    KubernetesSettings s = KubernetesSettings.load(dir);

    assertThatThrownBy(() -> Launches.of(s, JOBS, "1.2.3", "4.1.3")).isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load " + dir.resolve("kubernetes.conf")
            + ": lakeshore.kubernetes.jobs.enrichmnet names no job; the jobs are [curation, enrichment]");
  }

  @Test
  void aJobSectionTakesOnlyResourcesAndAllocation() throws IOException {
    Path dir = confWith("lakeshore.kubernetes.jobs.enrichment.executor.termination-grace-period = 300s");
    int line = lines(dir.resolve("kubernetes.conf"));

    assertThatThrownBy(() -> KubernetesSettings.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load " + dir.resolve("kubernetes.conf")
            + ": unknown key lakeshore.kubernetes.jobs.enrichment.executor.termination-grace-period (line " + line + ")");
  }

  @Test
  void requiredSpotPlacesExecutorsOnSpotOnly() throws IOException {
    KubernetesSettings s = KubernetesSettings.load(confWith(
        "lakeshore.kubernetes.spot { label-key = \"kubernetes.azure.com/scalesetpriority\", label-value = spot",
        "  taint-key = \"kubernetes.azure.com/scalesetpriority\", taint-value = spot, executors = required }"));

    Placement executor = Placement.executor(s);
    Placement driver = Placement.driver(s);
    assertThat(executor.affinity()).isEqualTo(Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
        Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of(
            "key", "kubernetes.azure.com/scalesetpriority", "operator", "In", "values", List.of("spot")))))))));
    assertThat(executor.tolerations()).containsExactly(Map.of(
        "key", "kubernetes.azure.com/scalesetpriority", "operator", "Equal", "value", "spot", "effect", "NoSchedule"));
    assertThat(driver.tolerations()).isEmpty();
    assertThat(driver.affinity().toString()).contains("operator=NotIn").contains("values=[spot]");
  }

  @Test
  void theJobsSparkSettingsMustBeConstants() throws IOException {
    Path dir = confWith();
    Files.writeString(dir.resolve("env/k8s.conf"), "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.endpoint\" = ${?S3_ENDPOINT}\n",
        StandardOpenOption.APPEND);
    int line = lines(dir.resolve("env/k8s.conf"));

    assertThatThrownBy(() -> KubernetesSettings.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessage("Cannot pass lakeshore.spark.conf.\"spark.hadoop.fs.s3a.endpoint\" (" + dir.resolve("env/k8s.conf")
            + " or application.conf, line " + line + ") to spark-submit: its value is not a constant string, number or boolean");
  }

  @Test
  void windowsRenderTheJobOptions() {
    assertThat(Window.date("{{ ds }}").arguments()).containsExactly("--date", "{{ ds }}");
    assertThat(Window.range("2026-01-01", "2026-01-31", Window.Missing.ONLY_MISSING).arguments())
        .containsExactly("--from", "2026-01-01", "--to", "2026-01-31", "--only-missing");
    assertThat(Window.range("2026-01-01", "2026-01-31", Window.Missing.ALL_DATES).arguments())
        .containsExactly("--from", "2026-01-01", "--to", "2026-01-31");
  }
}
