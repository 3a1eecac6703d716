package io.lakeshore.deploy.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Strict JSON schemas for kubeconform, in its file layout ({@value #FILE_PATTERN}), made offline
 * from two sources:
 *
 * <ul>
 *   <li>core kinds (Pod, ConfigMap, …) from Kubernetes' OpenAPI document {@code swagger.json}
 *       (tests/k8s-tools.sh fetches a pinned one): the kind's definition with every definition it
 *       refers to, as kubeconform's own "standalone-strict" schemas are made;
 *   <li>custom resources from CustomResourceDefinition files ({@code ../shared/k8s-schemas}): each
 *       version's {@code openAPIV3Schema}.
 * </ul>
 *
 * <p>Strict means that every object schema that declares {@code properties}, and is not marked
 * {@code x-kubernetes-preserve-unknown-fields}, gets {@code additionalProperties: false}: a
 * misspelled field fails. Neither source says so itself (see ../shared/k8s-schemas/SOURCES.md).
 * Quantities and int-or-string values accept a number or a string, as the API server does.
 */
public final class KubeSchemas {
  /** kubeconform's {@code -schema-location} file name pattern, below the schema folder. */
  public static final String FILE_PATTERN = "{{.ResourceKind}}{{.KindSuffix}}.json";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

  private KubeSchemas() {}

  /** kubeconform's {@code -schema-location} for schemas written to {@code dir}. */
  public static String location(Path dir) {
    return dir.toAbsolutePath() + "/" + FILE_PATTERN;
  }

  /**
   * Writes the schemas of {@code coreKinds} from {@code swagger} and of every
   * CustomResourceDefinition in the YAML files below {@code crdDir} into {@code outDir}.
   *
   * @return the file names written, sorted
   */
  public static List<String> write(Path swagger, Set<String> coreKinds, Path crdDir, Path outDir) {
    Map<String, Object> files = new TreeMap<>();
    files.putAll(core(swagger, coreKinds));
    files.putAll(crds(crdDir));
    try {
      Files.createDirectories(outDir);
      for (Map.Entry<String, Object> f : files.entrySet()) {
        Files.writeString(outDir.resolve(f.getKey()), JSON.writeValueAsString(f.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write schemas to " + outDir + ": " + e.getMessage(), e);
    }
    return List.copyOf(files.keySet());
  }

  /** File name of a kind's schema: lower-case kind, then kubeconform's KindSuffix. */
  static String fileName(String group, String version, String kind) {
    String suffix = group.isEmpty() ? "-" + version : "-" + group.split("\\.")[0] + "-" + version;
    return (kind + suffix).toLowerCase(Locale.ROOT) + ".json";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> core(Path swagger, Set<String> kinds) {
    Map<String, Object> definitions;
    try {
      definitions = (Map<String, Object>) JSON.readValue(swagger.toFile(), Map.class).get("definitions");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + swagger + ": " + e.getMessage(), e);
    }
    if (definitions == null) {
      throw new IllegalArgumentException("Cannot read " + swagger + ": no definitions");
    }
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Object> d : definitions.entrySet()) {
      Map<String, Object> def = (Map<String, Object>) d.getValue();
      for (Object gvk : (List<Object>) def.getOrDefault("x-kubernetes-group-version-kind", List.of())) {
        Map<String, Object> g = (Map<String, Object>) gvk;
        if (kinds.contains((String) g.get("kind"))) {
          Map<String, Object> schema = new LinkedHashMap<>(schema(def, d.getKey()));
          Map<String, Object> closure = new TreeMap<>();
          for (String name : referenced(def, definitions)) {
            closure.put(name, schema(definitions.get(name), name));
          }
          schema.put("definitions", closure);
          out.put(fileName((String) g.get("group"), (String) g.get("version"), (String) g.get("kind")), schema);
        }
      }
    }
    for (String kind : kinds) {
      if (out.keySet().stream().noneMatch(f -> f.startsWith(kind.toLowerCase(Locale.ROOT) + "-"))) {
        throw new IllegalArgumentException("Cannot make a schema for kind " + kind + ": " + swagger + " has no such kind");
      }
    }
    return out;
  }

  /** Names of every definition {@code root} refers to, directly or not. */
  @SuppressWarnings("unchecked")
  private static Set<String> referenced(Object root, Map<String, Object> definitions) {
    Set<String> seen = new java.util.TreeSet<>();
    Deque<Object> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Object node = todo.pop();
      if (node instanceof Map<?, ?> m) {
        Object ref = m.get("$ref");
        if (ref instanceof String r && r.startsWith("#/definitions/")) {
          String name = r.substring("#/definitions/".length());
          if (seen.add(name)) {
            Object def = definitions.get(name);
            if (def == null) {
              throw new IllegalArgumentException("Cannot resolve " + r + ": no such definition");
            }
            todo.push(def);
          }
        }
        ((Map<String, Object>) m).values().forEach(todo::push);
      } else if (node instanceof List<?> l) {
        l.forEach(todo::push);
      }
    }
    return seen;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> crds(Path crdDir) {
    Map<String, Object> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> all = Files.walk(crdDir)) {
      files = all.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + crdDir + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      Map<String, Object> crd;
      try {
        crd = YAML.readValue(file.toFile(), Map.class);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
      }
      if (crd == null || !"CustomResourceDefinition".equals(crd.get("kind"))) {
        continue;
      }
      Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
      String group = (String) spec.get("group");
      String kind = (String) ((Map<String, Object>) spec.get("names")).get("kind");
      for (Object v : (List<Object>) spec.get("versions")) {
        Map<String, Object> version = (Map<String, Object>) v;
        Map<String, Object> validation = (Map<String, Object>) version.get("schema");
        if (validation == null || validation.get("openAPIV3Schema") == null) {
          throw new IllegalArgumentException("Cannot make a schema for " + kind + " " + version.get("name") + ": " + file
              + " has no openAPIV3Schema");
        }
        out.put(fileName(group, (String) version.get("name"), kind), schema(validation.get("openAPIV3Schema"), null));
      }
    }
    return out;
  }

  /** A schema node made strict, recursively, following the keywords that hold schemas. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> schema(Object node, String definitionName) {
    Map<String, Object> in = (Map<String, Object>) node;
    if (QUANTITY.equals(definitionName)) {
      return Map.of("description", in.getOrDefault("description", ""), "oneOf", List.of(Map.of("type", "string"), Map.of("type", "number")));
    }
    if ("int-or-string".equals(in.get("format"))) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (in.containsKey("description")) {
        out.put("description", in.get("description"));
      }
      out.put("oneOf", List.of(Map.of("type", "string"), Map.of("type", "integer")));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      Object v = e.getValue();
      out.put(e.getKey(), switch (e.getKey()) {
        case "properties", "definitions", "$defs", "patternProperties" -> {
          Map<String, Object> each = new LinkedHashMap<>();
          ((Map<String, Object>) v).forEach((k, s) -> each.put(k, schema(s, null)));
          yield each;
        }
        case "items", "additionalProperties", "not" -> v instanceof Map ? schema(v, null)
            : v instanceof List<?> l ? l.stream().map(s -> schema(s, null)).toList() : v;
        case "allOf", "anyOf", "oneOf" -> ((List<Object>) v).stream().map(s -> schema(s, null)).toList();
        default -> v;
      });
    }
    if (out.containsKey("properties") && !out.containsKey("additionalProperties")
        && !Boolean.TRUE.equals(out.get("x-kubernetes-preserve-unknown-fields"))) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  /** Writes the schemas: {@code KubeSchemas <swagger.json> <crd folder> <output folder> <Kind>...}. */
  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("Usage: KubeSchemas <swagger.json> <crd folder> <output folder> <core kind>...");
      System.exit(2);
    }
    List<String> kinds = new ArrayList<>(List.of(args).subList(3, args.length));
    write(Path.of(args[0]), Set.copyOf(kinds), Path.of(args[1]), Path.of(args[2])).forEach(System.out::println);
  }
}
