package io.lakeshore.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects as ordered maps and lists, and their YAML and JSON text. Keys keep the order
 * they were put in (apiVersion, kind, metadata, spec), so generated files are stable and read
 * like hand-written ones.
 */
public final class Yaml {
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      // a string such as "4.1.3", "1" or "true" stays a string
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Yaml() {}

  /** An ordered map of the given keys and values ({@code key1, value1, key2, value2, …}). */
  public static Map<String, Object> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Cannot build a map: odd number of keys and values: " + keysAndValues.length);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** A deep, unmodifiable copy that keeps the order of every map. */
  @SuppressWarnings("unchecked")
  public static <T> T frozen(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put((String) k, frozen(v)));
      return (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      l.forEach(v -> copy.add(frozen(v)));
      return (T) Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** YAML text of {@code value} (one document, no {@code ---}). */
  public static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write YAML: " + e.getMessage(), e);
    }
  }

  /** Indented JSON text of {@code value}, ending in a newline. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Reads one YAML document into maps and lists (for checks and for callers that edit a manifest). */
  public static Object read(String text) {
    try {
      return YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read YAML: " + e.getOriginalMessage(), e);
    }
  }
}
