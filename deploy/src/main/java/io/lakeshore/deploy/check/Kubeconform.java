package io.lakeshore.deploy.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * kubeconform in strict mode ({@code -strict}: unknown fields and duplicate keys fail) against
 * the schemas of {@link KubeSchemas}, offline: only that folder is searched, so a kind without a
 * schema fails too. The binary and Kubernetes' OpenAPI come from {@code tests/k8s-tools.sh}.
 */
public final class Kubeconform {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One resource's outcome: {@code status} is kubeconform's (statusValid, statusInvalid, statusError). */
  public record Resource(String file, String kind, String name, String status, String message) {
    public boolean valid() {
      return status.equals("statusValid");
    }
  }

  /** kubeconform's exit code and every resource it saw. */
  public record Result(int exitCode, List<Resource> resources, String output) {}

  private final Path binary;
  private final Path schemas;

  /** kubeconform at {@code binary}, reading the schemas written by {@link KubeSchemas} to {@code schemas}. */
  public Kubeconform(Path binary, Path schemas) {
    this.binary = binary;
    this.schemas = schemas;
  }

  /**
   * Sets up the tools of {@code repoRoot}'s {@code tests/k8s-tools.sh} and writes the schemas of
   * {@code coreKinds} and of the CRDs below {@code crdDir} to {@code schemas}.
   */
  public static Kubeconform install(Path repoRoot, java.util.Set<String> coreKinds, Path crdDir, Path schemas) {
    Path script = repoRoot.resolve("tests/k8s-tools.sh");
    String out = run(List.of(script.toString()), repoRoot, 20 * 60);
    Path binary = null;
    Path swagger = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("kubeconform=")) {
        binary = Path.of(line.substring("kubeconform=".length()));
      } else if (line.startsWith("swagger=")) {
        swagger = Path.of(line.substring("swagger=".length()));
      }
    }
    if (binary == null || swagger == null) {
      throw new IllegalStateException("Cannot set up kubeconform: " + script + " printed: " + out);
    }
    KubeSchemas.write(swagger, coreKinds, crdDir, schemas);
    return new Kubeconform(binary, schemas);
  }

  /** Validates every resource of {@code files} strictly. */
  @SuppressWarnings("unchecked")
  public Result validate(List<Path> files) {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-strict", "-summary", "-verbose", "-output", "json",
        "-schema-location", KubeSchemas.location(schemas)));
    files.forEach(f -> cmd.add(f.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    try {
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Cannot validate: kubeconform did not finish in 120 s");
      }
      List<Resource> resources = new ArrayList<>();
      Map<String, Object> parsed;
      try {
        parsed = JSON.readValue(output, Map.class);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read kubeconform's output (exit " + p.exitValue() + "): " + output, e);
      }
      for (Object r : (List<Object>) parsed.getOrDefault("resources", List.of())) {
        Map<String, Object> m = (Map<String, Object>) r;
        resources.add(new Resource(String.valueOf(m.get("filename")), String.valueOf(m.get("kind")),
            String.valueOf(m.get("name")), String.valueOf(m.get("status")), String.valueOf(m.getOrDefault("msg", ""))));
      }
      return new Result(p.exitValue(), List.copyOf(resources), output);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot validate: interrupted", e);
    }
  }

  private static String run(List<String> cmd, Path dir, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Cannot run " + cmd + ": no result in " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("Cannot run " + cmd + ": exit " + p.exitValue() + " (see its messages above)");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + cmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot run " + cmd + ": interrupted", e);
    }
  }
}
