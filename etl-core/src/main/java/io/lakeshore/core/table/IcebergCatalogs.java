package io.lakeshore.core.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The Spark settings of the Iceberg catalog a {@link LakehouseSettings} describes. */
public final class IcebergCatalogs {
  private IcebergCatalogs() {}

  /**
   * The settings that define the Iceberg catalog. Catalogs load lazily, so these may also be set
   * on a running session ({@code Lakehouse.open} does, when the catalog is not defined yet).
   */
  public static Map<String, String> sparkConf(LakehouseSettings lake) {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    String catalog = "spark.sql.catalog." + lake.icebergCatalog();
    conf.put(catalog, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(catalog + ".warehouse", lake.warehouse() + "/iceberg");
    lake.icebergProperties().forEach((k, v) -> conf.put(catalog + "." + k, v));
    prepareSqlite(lake.icebergProperties().get("uri"));
    return conf;
  }

  /** SQLite cannot create the folder of its database file (SQLITE_CANTOPEN). */
  private static void prepareSqlite(String uri) {
    if (uri == null || !uri.startsWith("jdbc:sqlite:")) {
      return;
    }
    String file = uri.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create catalog folder: " + parent, e);
    }
  }
}
