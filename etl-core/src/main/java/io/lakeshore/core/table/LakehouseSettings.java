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
 */
public record LakehouseSettings(
    String warehouse,
    String raw,
    TableFormat defaultFormat,
    Map<TableId, TableFormat> formatOverrides,
    String icebergCatalog,
    Map<String, String> icebergProperties) {

  public LakehouseSettings {
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(raw, "raw is null");
    Objects.requireNonNull(defaultFormat, "defaultFormat is null");
    formatOverrides = Map.copyOf(formatOverrides);
    Objects.requireNonNull(icebergCatalog, "icebergCatalog is null");
    icebergProperties = Map.copyOf(icebergProperties);
  }

  /** The format configured for a table. */
  public TableFormat formatOf(TableId id) {
    return formatOverrides.getOrDefault(id, defaultFormat);
  }

  /** A copy in which every table uses {@code format}: used by tests that run on both formats. */
  public LakehouseSettings withAllTables(TableFormat format) {
    return new LakehouseSettings(warehouse, raw, format, Map.of(), icebergCatalog, icebergProperties);
  }
}
