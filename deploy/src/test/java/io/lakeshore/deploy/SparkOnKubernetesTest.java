package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.lakeshore.deploy.check.Kubeconform;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark 4.1.3's own Kubernetes code reads the generated launch as we mean it. The API server is a
 * mock (fabric8's kubernetes-server-mock in CRUD mode, a real HTTP server that stores and returns
 * the objects it is sent, on 127.0.0.1) because no Kubernetes cluster can run here; everything on
 * the Spark side is the real thing: the spark-submit of the pyspark 4.1.3 distribution (which
 * carries spark-kubernetes 4.1.3 and its kubernetes-client 7.4.1; Maven Central has no
 * spark-kubernetes 4.1.3) with the generated arguments.
 *
 * <ul>
 *   <li>cluster mode, as a launcher runs it: the driver pod, the driver's Spark configuration
 *       (its ConfigMap) and the executor pod template Spark stores for the driver (a ConfigMap);
 *   <li>client mode with the same settings, a driver on this machine: the executor pod Spark's
 *       KubernetesExecutorBuilder makes from the executor template and asks the API server for.
 * </ul>
 *
 * <p>Only what needs a cluster is changed: the master URL (the mock's), {@code
 * spark.kubernetes.submission.waitAppCompletion=false} (no kubelet will ever run the driver
 * pod), and client mode for the second part.
 */
class SparkOnKubernetesTest {
  private static KubernetesMockServer server;
  private static KubernetesClient client;
  private static JobLaunch launch;
  private static KubernetesSettings settings;

  /** The mock logs every request at INFO: keep its logger (java.util.logging holds it weakly) at WARNING. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @BeforeAll
  static void startApiServer() throws IOException {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApplyCreates(), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    launch = Repo.launches().stream().filter(l -> l.job().name().equals("enrichment")).findFirst().orElseThrow();
    settings = Repo.settings();
  }

  @AfterAll
  static void stopApiServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @BeforeEach
  void emptyApiServer() {
    server.reset();
  }

  private static String master() {
    return "k8s://http://127.0.0.1:" + server.getPort();
  }

  private static List<String> submitCommand(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Repo.venvBin().resolve("spark-submit").toString());
    cmd.addAll(args);
    return cmd;
  }

  @Test
  void clusterModeMakesTheDriverPodAndTheExecutorTemplate() throws IOException {
    List<String> args = new ArrayList<>(Repo.replaceOption(launch.sparkSubmit(Window.date("2026-01-01")), "--master", master()));
    args.addAll(args.indexOf("--class"), List.of("--conf", "spark.kubernetes.submission.waitAppCompletion=false"));

    Repo.Result submit = Repo.run(submitCommand(args), Repo.sparkEnv(), 180);

    assertThat(submit.exitCode()).as(submit.output()).isZero();
    String ns = settings.namespace();
    List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
    assertThat(pods).as(submit.output()).hasSize(1);
    Pod driver = pods.get(0);
    assertThat(driver.getMetadata().getLabels()).containsEntry("spark-role", "driver")
        .containsEntry("lakeshore.io/job", "enrichment").containsEntry("app.kubernetes.io/part-of", "lakeshore");
    assertThat(driver.getSpec().getServiceAccountName()).isEqualTo("lakeshore-spark");
    // placement: on-demand required, no toleration at all, nothing shared with the executors
    assertThat(driver.getSpec().getTolerations()).isEmpty();
    assertThat(driver.getSpec().getNodeSelector()).isNullOrEmpty();
    var required = driver.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(required.getNodeSelectorTerms()).hasSize(1);
    var expression = required.getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
    assertThat(List.of(expression.getKey(), expression.getOperator(), expression.getValues()))
        .containsExactly("eks.amazonaws.com/capacityType", "NotIn", List.of("SPOT"));
    assertThat(driver.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).isEmpty();
    assertThat(driver.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(driver.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(185L);

    Container container = driver.getSpec().getContainers().get(0);
    assertThat(driver.getSpec().getContainers()).hasSize(1);
    assertThat(container.getName()).isEqualTo("spark-kubernetes-driver");
    assertThat(container.getImage()).isEqualTo("ghcr.io/lakeshore/lakeshore-jobs:" + Repo.VERSION);
    // 1 core; 4g heap + 1g overhead
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
    assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("5120Mi");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("5120Mi");
    Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("LAKESHORE_ICEBERG_JDBC_URI").getValue()).isEqualTo("jdbc:postgresql://lakeshore-catalog:5432/lakeshore");
    var secret = env.get("LAKESHORE_ICEBERG_JDBC_PASSWORD").getValueFrom().getSecretKeyRef();
    assertThat(List.of(secret.getName(), secret.getKey())).containsExactly("lakeshore-catalog", "password");
    assertThat(env.get("LAKESHORE_ICEBERG_JDBC_PASSWORD").getValue()).isNull();
    assertThat(container.getArgs()).containsSubsequence("driver", "--class", "io.lakeshore.jobs.enrichment.EnrichmentJob",
        "local:///opt/lakeshore/jars/jobs-enrichment-" + Repo.VERSION + "-job.jar",
        "--conf-dir", "/opt/lakeshore/conf", "--env", "k8s", "--date", "2026-01-01");

    // the driver's Spark configuration, as the driver pod mounts it
    Map<String, ConfigMap> maps = client.configMaps().inNamespace(ns).list().getItems().stream()
        .collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m));
    ConfigMap sparkConf = maps.values().stream().filter(m -> m.getData().containsKey("spark.properties")).findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap with spark.properties among " + maps.keySet()));
    Properties conf = new Properties();
    conf.load(new StringReader(sparkConf.getData().get("spark.properties")));
    assertThat(conf).containsEntry("spark.decommission.enabled", "true")
        .containsEntry("spark.storage.decommission.enabled", "true")
        .containsEntry("spark.storage.decommission.shuffleBlocks.enabled", "true")
        .containsEntry("spark.storage.decommission.rddBlocks.enabled", "true")
        .containsEntry("spark.storage.decommission.fallbackStorage.path", "s3a://lakeshore/spark-fallback/")
        .containsEntry("spark.stage.ignoreDecommissionFetchFailure", "true")
        .containsEntry("spark.scheduler.maxRetainedRemovedDecommissionExecutors", "100")
        .containsEntry("spark.dynamicAllocation.enabled", "true")
        .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .containsEntry("spark.dynamicAllocation.minExecutors", "1")
        .containsEntry("spark.dynamicAllocation.maxExecutors", "20")
        .containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider",
            "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider")
        .containsEntry("spark.kubernetes.authenticate.executor.serviceAccountName", "lakeshore-spark")
        .containsEntry("spark.executor.extraJavaOptions", "-XX:-DontCompileHugeMethods");
    assertThat(conf.stringPropertyNames()).noneMatch(k -> k.startsWith("spark.kubernetes.node.selector."))
        .noneMatch(k -> k.toLowerCase().contains("secret.") && !k.startsWith("spark.kubernetes.driver.secretKeyRef."))
        .noneMatch(k -> k.startsWith("spark.hadoop.fs.s3a.access.key") || k.startsWith("spark.hadoop.fs.s3a.secret.key"));
    // where the driver finds the executor template: Spark's copy in another ConfigMap
    String templatePath = conf.getProperty("spark.kubernetes.executor.podTemplateFile");
    ConfigMap template = maps.values().stream().filter(m -> m != sparkConf && m.getData().size() == 1).findFirst()
        .orElseThrow(() -> new AssertionError("no executor template ConfigMap among " + maps.keySet()));
    assertThat(templatePath).startsWith("/opt/spark/pod-template/");
    Map<?, ?> stored = (Map<?, ?>) Yaml.read(template.getData().values().iterator().next());
    Map<?, ?> generated = (Map<?, ?>) Yaml.read(Files.readString(Repo.ROOT.resolve(Generator.DIR).resolve("pod-templates/executor.yaml")));
    assertThat(stored).isEqualTo(generated);
    Map<?, ?> spec = (Map<?, ?>) stored.get("spec");
    assertThat(spec.get("tolerations")).isEqualTo(List.of(Map.of(
        "key", "eks.amazonaws.com/capacityType", "operator", "Equal", "value", "SPOT", "effect", "NoSchedule")));
    assertThat(spec.get("affinity").toString()).contains("preferredDuringSchedulingIgnoredDuringExecution")
        .contains("operator=In").contains("values=[SPOT]");
    assertThat(spec.get("terminationGracePeriodSeconds")).isEqualTo(120);

    // and the pod Spark made from the driver template is a valid Pod
    assertValidPod(driver);
  }

  @Test
  void executorPodsComeFromTheExecutorTemplate(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(launch.sparkSubmit(Window.date("2026-01-01")));
    args = Repo.replaceOption(args, "--master", master());
    args = Repo.replaceOption(args, "--deploy-mode", "client");
    // a Python driver instead of the job: it only has to start and ask for executors
    int jar = args.indexOf(launch.jar());
    args = new ArrayList<>(args.subList(0, jar));
    args.remove(args.indexOf("--class") + 1);
    args.remove("--class");
    Path release = dir.resolve("release");
    args.add(Repo.ROOT.resolve("deploy/src/test/resources/executor_probe.py").toString());
    args.add(release.toString());
    List<String> cmd = submitCommand(args);

    var pb = new ProcessBuilder(cmd).directory(Repo.ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("driver.log").toFile());
    pb.environment().putAll(Repo.sparkEnv());
    Process driverProcess = pb.start();
    Pod executor;
    try {
      executor = awaitExecutorPod(driverProcess, dir.resolve("driver.log"));
    } finally {
      // the pod is all this test needs: no clean stop (it would try to delete the fallback storage on S3)
      Files.writeString(release, "done");
      driverProcess.descendants().forEach(ProcessHandle::destroyForcibly);
      driverProcess.destroyForcibly();
      driverProcess.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    assertThat(executor.getMetadata().getLabels()).containsEntry("spark-role", "executor")
        .containsEntry("lakeshore.io/job", "enrichment");
    assertThat(executor.getSpec().getServiceAccountName()).isEqualTo("lakeshore-spark");
    assertThat(executor.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getOperator,
        Toleration::getValue, Toleration::getEffect)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("eks.amazonaws.com/capacityType", "Equal", "SPOT", "NoSchedule"));
    var preferred = executor.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(preferred).hasSize(1);
    assertThat(preferred.get(0).getWeight()).isEqualTo(100);
    var expression = preferred.get(0).getPreference().getMatchExpressions().get(0);
    assertThat(List.of(expression.getKey(), expression.getOperator(), expression.getValues()))
        .containsExactly("eks.amazonaws.com/capacityType", "In", List.of("SPOT"));
    assertThat(executor.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNull();
    assertThat(executor.getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(executor.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(120L);
    assertThat(executor.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(185L);

    Container container = executor.getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo("spark-kubernetes-executor");
    assertThat(container.getImage()).isEqualTo("ghcr.io/lakeshore/lakeshore-jobs:" + Repo.VERSION);
    // 4 cores; 12g heap + 3g overhead
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("4");
    assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("15360Mi");
    // decommissioning: Spark's preStop hook signals the executor when the node drains
    assertThat(container.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("/opt/decom.sh");
    // the JVM options: ours, and Spark's Java 17 module options, which SparkContext adds itself
    String javaOptions = container.getEnv().stream().filter(e -> e.getName().startsWith("SPARK_JAVA_OPT_"))
        .map(EnvVar::getValue).collect(Collectors.joining(" "));
    assertThat(javaOptions).contains("-XX:-DontCompileHugeMethods").contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
    assertValidPod(executor);
  }

  private static Pod awaitExecutorPod(Process driver, Path log) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      List<Pod> pods = client.pods().inNamespace(settings.namespace()).withLabel("spark-role", "executor").list().getItems();
      if (!pods.isEmpty()) {
        return pods.get(0);
      }
      if (!driver.isAlive()) {
        throw new AssertionError("the driver ended (exit " + driver.exitValue() + ") before asking for an executor:\n"
            + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no executor pod after 120 s; driver output:\n" + Files.readString(log));
  }

  /**
   * The CRUD mock, plus server-side apply of an object that does not exist yet, which creates it
   * as the API server does (Spark 4.1 applies the driver's service and ConfigMaps this way; the
   * mock 7.4.0 answers 404 to an apply of a new object).
   */
  static final class ApplyCreates extends KubernetesCrudDispatcher {
    @Override
    public io.fabric8.mockwebserver.http.MockResponse handlePatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      String path = request.getPath().split("\\?")[0];
      if (type != null && type.startsWith("application/apply-patch") && handleGet(path).code() == 404) {
        String body = request.getUtf8Body();
        if (!body.stripLeading().startsWith("{")) {
          body = io.fabric8.kubernetes.client.utils.Serialization.asJson(Yaml.read(body));
        }
        return handleCreate(new io.fabric8.mockwebserver.http.RecordedRequest(request.getHttpVersion(),
            io.fabric8.mockwebserver.dsl.HttpMethod.POST, path.substring(0, path.lastIndexOf('/')), request.getHeaders(),
            new io.fabric8.mockwebserver.http.Buffer().writeUtf8(body)));
      }
      return super.handlePatch(request);
    }
  }

  /** The pod as Spark sent it (less what the API server adds) is valid against the strict Pod schema. */
  private static void assertValidPod(Pod pod) throws IOException {
    Path file = Files.createTempFile("lakeshore-pod-", ".yaml");
    try {
      Files.writeString(file, io.fabric8.kubernetes.client.utils.Serialization.asYaml(pod));
      Kubeconform.Result result = Repo.kubeconform().validate(List.of(file));
      assertThat(result.resources()).as(result.output()).hasSize(1).allMatch(Kubeconform.Resource::valid);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
