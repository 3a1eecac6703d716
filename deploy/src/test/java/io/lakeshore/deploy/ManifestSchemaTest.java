package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.deploy.check.Kubeconform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated manifest validates strictly with kubeconform ({@code -strict}) against
 * ../shared/k8s-schemas (SparkApplication) and Kubernetes 1.34's OpenAPI (the pod templates, as
 * Pods), made strict by {@link io.lakeshore.deploy.check.KubeSchemas}; and a misspelled field is
 * rejected, at the top of a spec and deep inside one.
 */
class ManifestSchemaTest {
  @Test
  void everyGeneratedManifestIsValid() throws IOException {
    List<Path> manifests;
    try (Stream<Path> all = Files.walk(Repo.ROOT.resolve(Generator.DIR))) {
      manifests = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    int jobs = Repo.launches().size();
    assertThat(manifests).hasSize(2 + jobs); // two pod templates, one SparkApplication per job

    Kubeconform.Result result = Repo.kubeconform().validate(manifests);

    assertThat(result.resources()).as(result.output()).hasSize(2 + jobs).allMatch(Kubeconform.Resource::valid);
    assertThat(result.resources().stream().map(Kubeconform.Resource::kind).sorted().toList())
        .containsExactly(Stream.concat(Stream.of("Pod", "Pod"), Stream.generate(() -> "SparkApplication").limit(jobs))
            .toArray(String[]::new));
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void misspelledFieldsAreRejected(@TempDir Path dir) throws IOException {
    Path app = Repo.ROOT.resolve(Generator.DIR).resolve("spark-applications/enrichment.yaml");
    Path executor = Repo.ROOT.resolve(Generator.DIR).resolve("pod-templates/executor.yaml");
    Path topLevel = copyReplacing(app, dir.resolve("mainclass.yaml"), "  mainClass:", "  mainclass:");
    Path nested = copyReplacing(app, dir.resolve("preferences.yaml"), "preference:", "preferences:");
    Path pod = copyReplacing(executor, dir.resolve("toleration.yaml"), "  tolerations:", "  toleration:");

    Kubeconform.Result result = Repo.kubeconform().validate(List.of(topLevel, nested, pod));

    assertThat(result.exitCode()).isEqualTo(1);
    // kubeconform validates files in parallel: its report is in no particular order
    java.util.Map<String, Kubeconform.Resource> byFile = result.resources().stream()
        .collect(java.util.stream.Collectors.toMap(r -> Path.of(r.file()).getFileName().toString(), r -> r));
    assertThat(byFile.values()).as(result.output()).hasSize(3).extracting(Kubeconform.Resource::status)
        .containsOnly("statusInvalid");
    assertThat(byFile.get("mainclass.yaml").message()).contains("at '/spec': additional properties 'mainclass' not allowed");
    assertThat(byFile.get("preferences.yaml").message()).contains(
        "at '/spec/executor/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0':"
            + " additional properties 'preferences' not allowed");
    assertThat(byFile.get("toleration.yaml").message()).contains("at '/spec': additional properties 'toleration' not allowed");
  }

  private static Path copyReplacing(Path from, Path to, String text, String replacement) throws IOException {
    String original = Files.readString(from);
    assertThat(original).contains(text);
    Files.writeString(to, original.replace(text, replacement));
    return to;
  }
}
