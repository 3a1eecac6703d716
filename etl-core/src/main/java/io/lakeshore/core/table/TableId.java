package io.lakeshore.core.table;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table's address: its zone (raw, golden, curated, serving, quarantine, audit) and its name,
 * written {@code zone.name}. Both parts are lower-case identifiers, so they are safe to place in
 * catalog identifiers, SQL text and storage paths: a quote, semicolon, backtick, dot, slash,
 * scheme or blank never gets through.
 */
public record TableId(String zone, String name) {
  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public TableId {
    Objects.requireNonNull(zone, "zone is null");
    Objects.requireNonNull(name, "name is null");
    if (!PART.matcher(zone).matches() || !PART.matcher(name).matches()) {
      throw new IllegalArgumentException("Cannot address table: zone and name must be lower-case identifiers"
          + " (a letter, then up to 63 letters, digits or _), cannot be: '" + zone + "." + name + "'");
    }
  }

  /** Parses {@code zone.name}. */
  public static TableId parse(String text) {
    Objects.requireNonNull(text, "text is null");
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) {
      throw new IllegalArgumentException("Cannot address table: expected zone.name, cannot be: '" + text + "'");
    }
    return new TableId(text.substring(0, dot), text.substring(dot + 1));
  }

  public static TableId of(String zone, String name) {
    return new TableId(zone, name);
  }

  @Override
  public String toString() {
    return zone + "." + name;
  }
}
