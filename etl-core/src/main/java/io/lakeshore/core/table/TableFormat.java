package io.lakeshore.core.table;

import java.util.Locale;

/** The open table format a table is stored in; chosen per table in configuration. */
public enum TableFormat {
  DELTA,
  ICEBERG;

  /** Parses {@code delta} or {@code iceberg}, case-insensitively. */
  public static TableFormat parse(String text) {
    for (TableFormat format : values()) {
      if (format.name().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "Cannot parse table format: expected delta or iceberg, got: '" + text + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
