package io.lakeshore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes {@code deploy/generated/} from {@code conf/kubernetes.conf} and the jobs on the classpath:
 *
 * <ul>
 *   <li>{@code pod-templates/driver.yaml}, {@code pod-templates/executor.yaml}: spark-submit's pod
 *       templates, the only place of the placement of a spark-submit launch;
 *   <li>{@code spark-submit/<job>.args}: spark-submit's arguments, one per line, with the date as
 *       {@value Window#DATE};
 *   <li>{@code spark-applications/<job>.yaml}: a SparkApplication per job, named and dated with
 *       {@value Window#DATE};
 *   <li>{@code launches.json}: each job's main class, jar and arguments, and each {@link Pipeline}'s
 *       jobs and schedule ({@link Pipeline#ALL}), for other launchers (the Airflow DAGs);
 *   <li>{@value ArgoManifests#DIR}: the Argo Workflows templates, RBAC included ({@link
 *       ArgoManifests}), the generated part of the kustomize base {@code argo-workflows/base}.
 * </ul>
 *
 * <p>The files are checked in; {@code GeneratedFilesTest} fails when they differ from what this
 * class makes, and {@value #REGENERATE} rewrites them.
 */
public final class Generator {
  /** The folder of the generated files, relative to the repository root. */
  public static final String DIR = "deploy/generated";
  /** The command that rewrites the generated files. */
  public static final String REGENERATE = "deploy/regenerate.sh";

  private static final String HEADER = "# Generated from conf/kubernetes.conf by io.lakeshore.deploy.Generator: do not edit.\n"
      + "# Regenerate with " + REGENERATE + ".\n";

  private Generator() {}

  /** Writes the files below {@code root} (the repository root), removing generated files no longer made. */
  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    write(root, files(root.resolve("conf")));
  }

  /** Every generated file, by its path relative to the repository root, sorted. */
  public static SortedMap<String, String> files(Path confDir) {
    KubernetesSettings settings = KubernetesSettings.load(confDir);
    String version = Launches.version();
    List<JobLaunch> launches = Launches.of(settings, JobRef.discover(version), version, Launches.sparkVersion());
    return files(settings, launches);
  }

  /** Every generated file of these launches. */
  public static SortedMap<String, String> files(KubernetesSettings settings, List<JobLaunch> launches) {
    SortedMap<String, String> files = new TreeMap<>();
    Map<String, String> labels = Map.of("app.kubernetes.io/part-of", "lakeshore");
    files.put(DIR + "/pod-templates/driver.yaml", HEADER
        + Yaml.yaml(Manifests.podTemplate(Placement.driver(settings), JobLaunch.DRIVER_CONTAINER, labels)));
    files.put(DIR + "/pod-templates/executor.yaml", HEADER
        + Yaml.yaml(Manifests.podTemplate(Placement.executor(settings), JobLaunch.EXECUTOR_CONTAINER, labels)));
    Map<String, Object> index = new TreeMap<>();
    for (JobLaunch launch : launches) {
      String job = launch.job().name();
      files.put(DIR + "/spark-submit/" + job + ".args", String.join("\n", launch.sparkSubmit(Window.TEMPLATE)) + "\n");
      files.put(DIR + "/spark-applications/" + job + ".yaml", HEADER + Yaml.yaml(Manifests.sparkApplication(launch)));
      index.put(job, Yaml.map(
          "mainClass", launch.job().mainClass(),
          "module", launch.job().module(),
          "image", launch.image(),
          "jar", launch.jar(),
          "arguments", launch.arguments(Window.TEMPLATE),
          "sparkSubmit", "spark-submit/" + job + ".args",
          "sparkApplication", "spark-applications/" + job + ".yaml"));
    }
    Map<String, Object> pipelines = new LinkedHashMap<>();
    Pipeline.ALL.forEach(p -> pipelines.put(p.name(), Yaml.map("jobs", p.jobs(), "schedule", p.schedule())));
    files.put(DIR + "/launches.json", Yaml.json(Yaml.map("version", launches.isEmpty() ? "" : launches.get(0).version(),
        "date", Window.DATE, "jobs", index, "pipelines", pipelines)));
    files.putAll(ArgoManifests.files(settings, launches));
    return files;
  }

  /** The folders that hold only generated files, relative to the repository root. */
  public static final List<String> DIRS = List.of(DIR, ArgoManifests.DIR);

  /** The generated files now below {@code root} (in {@link #DIRS}), by path relative to it. */
  public static SortedMap<String, String> existing(Path root) {
    SortedMap<String, String> files = new TreeMap<>();
    for (String name : DIRS) {
      Path dir = root.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
          files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /** Writes {@code files} below {@code root} and deletes the generated files not among them. */
  public static void write(Path root, SortedMap<String, String> files) {
    try {
      List<String> stale = new ArrayList<>(existing(root).keySet());
      stale.removeAll(files.keySet());
      for (String path : stale) {
        Files.delete(root.resolve(path));
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = root.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the generated files below " + root + ": " + e.getMessage(), e);
    }
  }
}
