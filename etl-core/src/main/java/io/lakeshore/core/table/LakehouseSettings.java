package io.lakeshore.core.table;

import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import java.util.Map;
import java.util.Objects;

/**
 * Where the lake lives and how its tables are stored.
 *
 * @param warehouse root URI of table data ({@code file:/…} or {@code s3a://…})
 * @param raw root URI of the raw landing zone
 * @param defaultFormat format of every table without an override
 * @param formatOverrides per-table formats
 * @param icebergCatalog name of the Spark catalog holding Iceberg tables
 * @param icebergProperties properties of that catalog (type, uri, …); warehouse is derived
 * @param defaultTargetFileBytes the data file size writes aim at, for a table without an override
 * @param targetFileBytesOverrides per-table targets ({@code maintenance.target-file-size} of a table's settings)
 * @param deltaMetastore where the Delta tables are registered by name
 */
public record LakehouseSettings(
    String warehouse,
    String raw,
    TableFormat defaultFormat,
    Map<TableId, TableFormat> formatOverrides,
    String icebergCatalog,
    Map<String, String> icebergProperties,
    long defaultTargetFileBytes,
    Map<TableId, Long> targetFileBytesOverrides,
    DeltaMetastore deltaMetastore) {

  private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Compaction's and writes' default target: 128 MiB, as {@code table-defaults.maintenance.target-file-size}. */
  public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;

  /** Settings with the default target file size for every table. */
  public LakehouseSettings(String warehouse, String raw, TableFormat defaultFormat, Map<TableId, TableFormat> formatOverrides,
      String icebergCatalog, Map<String, String> icebergProperties) {
    this(warehouse, raw, defaultFormat, formatOverrides, icebergCatalog, icebergProperties, DEFAULT_TARGET_FILE_BYTES, Map.of());
  }

  /** Settings whose Delta tables are registered in the in-memory session catalog. */
  public LakehouseSettings(String warehouse, String raw, TableFormat defaultFormat, Map<TableId, TableFormat> formatOverrides,
      String icebergCatalog, Map<String, String> icebergProperties, long defaultTargetFileBytes,
      Map<TableId, Long> targetFileBytesOverrides) {
    this(warehouse, raw, defaultFormat, formatOverrides, icebergCatalog, icebergProperties, defaultTargetFileBytes,
        targetFileBytesOverrides, DeltaMetastore.SESSION);
  }

  public LakehouseSettings {
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(raw, "raw is null");
    Objects.requireNonNull(defaultFormat, "defaultFormat is null");
    formatOverrides = Map.copyOf(formatOverrides);
    Objects.requireNonNull(icebergCatalog, "icebergCatalog is null");
    // pasted into SQL (CREATE NAMESPACE, CREATE TABLE, REFRESH TABLE) and into Spark setting keys
    if (!IDENTIFIER.matcher(icebergCatalog).matches()) {
      throw new IllegalArgumentException("Cannot use Iceberg catalog: its name must be an identifier"
          + " (a letter or _, then letters, digits or _), cannot be: '" + icebergCatalog + "'");
    }
    icebergProperties = Map.copyOf(icebergProperties);
    if (defaultTargetFileBytes < 1024) {
      throw new IllegalArgumentException("Cannot use a target file size below 1KiB: " + defaultTargetFileBytes);
    }
    targetFileBytesOverrides = Map.copyOf(targetFileBytesOverrides);
    Objects.requireNonNull(deltaMetastore, "deltaMetastore is null");
  }

  /** The data file size writes and compaction aim at for a table. */
  public long targetFileBytes(TableId id) {
    return targetFileBytesOverrides.getOrDefault(id, defaultTargetFileBytes);
  }

  /** The format configured for a table. */
  public TableFormat formatOf(TableId id) {
    return formatOverrides.getOrDefault(id, defaultFormat);
  }

  /**
   * Every field, but of the Iceberg catalog's properties only the type and the keys: a property
   * such as {@code jdbc.password}, or a URI with a password in it, is never printed.
   */
  @Override
  public String toString() {
    return "LakehouseSettings[warehouse=" + warehouse + ", raw=" + raw + ", defaultFormat=" + defaultFormat + ", formatOverrides="
        + formatOverrides + ", icebergCatalog=" + icebergCatalog + ", icebergProperties=(type=" + icebergProperties.get("type")
        + ", keys=" + new java.util.TreeSet<>(icebergProperties.keySet()) + "), defaultTargetFileBytes=" + defaultTargetFileBytes
        + ", targetFileBytesOverrides=" + targetFileBytesOverrides + ", deltaMetastore=" + deltaMetastore + "]";
  }

  /** A copy in which every table uses {@code format}: used by tests that run on both formats. */
  public LakehouseSettings withAllTables(TableFormat format) {
    return new LakehouseSettings(warehouse, raw, format, Map.of(), icebergCatalog, icebergProperties, defaultTargetFileBytes,
        targetFileBytesOverrides, deltaMetastore);
  }
}
