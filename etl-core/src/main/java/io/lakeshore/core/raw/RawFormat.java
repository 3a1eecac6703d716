package io.lakeshore.core.raw;

/** How the files of a raw entity hold their records. */
public enum RawFormat {
  /** One JSON object per line. */
  JSON_LINES,
  /** Comma-separated values with a header line; one record per line (no quoted line breaks). */
  CSV,
  /** Parquet files: typed columns, read as text like the others; no encoding, no header. */
  PARQUET
}
