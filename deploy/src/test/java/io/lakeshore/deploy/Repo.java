package io.lakeshore.deploy;

import io.lakeshore.deploy.check.Kubeconform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The repository the tests check: its root (surefire's {@code lakeshore.repo-root}), the project
 * version, the launches made from its {@code conf/}, the built job jars, and the tools the checks
 * run (kubeconform from tests/k8s-tools.sh, spark-submit from tests/pyspark-venv.sh), each set up
 * once per test JVM. A missing tool or jar fails the test, it never skips.
 */
final class Repo {
  static final Path ROOT = root();
  /** The parent pom's version, as Maven passes it. */
  static final String VERSION = System.getProperty("lakeshore.project-version", "");
  /** The schemas of ../shared/k8s-schemas (CI clones the repository with ../shared beside it). */
  static final Path SHARED_SCHEMAS = ROOT.resolve("../shared/k8s-schemas").normalize();

  private static Kubeconform kubeconform;
  private static Map<String, Path> k8sTools;
  private static Path venvBin;

  private Repo() {}

  private static Path root() {
    String property = System.getProperty("lakeshore.repo-root");
    Path start = property != null ? Path.of(property) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("conf/kubernetes.conf"))) {
        return p;
      }
    }
    throw new IllegalStateException("Cannot find the repository root (conf/kubernetes.conf) above " + start);
  }

  static List<JobLaunch> launches() {
    return Launches.load(ROOT.resolve("conf"));
  }

  static KubernetesSettings settings() {
    return KubernetesSettings.load(ROOT.resolve("conf"));
  }

  /** A job's shaded jar in its module's target folder; fails naming the build command when it is missing. */
  static Path jar(JobLaunch launch) {
    Path jar = ROOT.resolve(launch.job().module()).resolve("target").resolve(launch.job().jarName(launch.version()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Cannot find the job jar " + jar + ": the deploy tests need the shaded jars,"
          + " run them with mvn verify (e.g. mvn -pl deploy -am verify), not mvn test");
    }
    return jar;
  }

  /** kubeconform with the schemas of Pod and of every CRD in ../shared/k8s-schemas, in deploy/target/kube-schemas. */
  static synchronized Kubeconform kubeconform() {
    if (kubeconform == null) {
      if (!Files.isDirectory(SHARED_SCHEMAS)) {
        throw new IllegalStateException("Cannot find the schemas: " + SHARED_SCHEMAS
            + " does not exist (clone the shared folder beside the repository)");
      }
      kubeconform = Kubeconform.install(ROOT, Set.of("Pod", "ServiceAccount", "Role", "RoleBinding"), SHARED_SCHEMAS,
          ROOT.resolve("deploy/target/kube-schemas"));
    }
    return kubeconform;
  }

  /** The tools tests/k8s-tools.sh installs, by the name it prints them with (kustomize, argo-check, …). */
  static synchronized Map<String, Path> k8sTools() {
    if (k8sTools == null) {
      Result run = run(List.of(ROOT.resolve("tests/k8s-tools.sh").toString()), Map.of(), 20 * 60);
      if (run.exitCode() != 0) {
        throw new IllegalStateException("Cannot set up the Kubernetes tools: tests/k8s-tools.sh exited " + run.exitCode()
            + ":\n" + run.output());
      }
      Map<String, Path> tools = new java.util.TreeMap<>();
      for (String line : run.output().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("k8s-tools:") && line.substring(0, eq).matches("[a-z-]+")) {
          tools.put(line.substring(0, eq), Path.of(line.substring(eq + 1)));
        }
      }
      k8sTools = Map.copyOf(tools);
    }
    return k8sTools;
  }

  /** The bin folder of the pyspark 4.1.3 venv (spark-submit, python). */
  static synchronized Path venvBin() {
    if (venvBin == null) {
      venvBin = Path.of(run(List.of(ROOT.resolve("tests/pyspark-venv.sh").toString()), Map.of(), 20 * 60).output().strip());
    }
    return venvBin;
  }

  /** The environment of spark-submit: the venv's python finds Spark's home and runs PySpark drivers. */
  static Map<String, String> sparkEnv() {
    return Map.of("PATH", venvBin() + java.io.File.pathSeparator + System.getenv("PATH"),
        "PYSPARK_PYTHON", venvBin().resolve("python").toString());
  }

  record Result(int exitCode, String output) {}

  /** Runs {@code cmd} in the repository root with {@code env} added; stdout and stderr together. */
  static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
    try {
      Path log = Files.createTempFile("lakeshore-deploy-", ".log");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException("Cannot run " + cmd.get(0) + ": no result in " + timeoutSeconds + " s; output:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + cmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot run " + cmd + ": interrupted", e);
    }
  }

  /** {@code args} with the value after each {@code option} replaced. */
  static List<String> replaceOption(List<String> args, String option, String value) {
    List<String> out = new ArrayList<>(args);
    int at = out.indexOf(option);
    if (at < 0 || at + 1 >= out.size()) {
      throw new IllegalArgumentException("Cannot replace " + option + ": not in " + args);
    }
    out.set(at + 1, value);
    return out;
  }
}
