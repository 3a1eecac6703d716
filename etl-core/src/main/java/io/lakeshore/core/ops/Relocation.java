package io.lakeshore.core.ops;

import io.lakeshore.core.table.LakehouseSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Moving a lake: re-points the Iceberg tables of a lake whose root was moved (or copied) to a new
 * root. A Delta log names its files relative to the table, so Delta tables need nothing; Iceberg
 * metadata, manifest lists and manifests name every file by absolute path, and the catalog holds
 * the absolute location of each table's metadata file.
 *
 * <p>The catalog's tables are loaded through {@link RelocatingFileIO}, which reads a file named
 * under the old root from the new root. For each table under the old root, Iceberg's {@code
 * RewriteTablePath} action writes a copy of every metadata file with the old root replaced by the
 * new one into a staging folder beside the table's metadata; the copies then replace the moved
 * files, and only when all are in place is the catalog entry switched: dropped (no file is
 * deleted) and registered again with the rewritten newest metadata file. Data files stay where
 * they are. A run that died part way is taken up where it stopped by the next one: a complete
 * staging folder is copied again, an incomplete one is made anew.
 */
public final class Relocation implements AutoCloseable {
  /** The file Iceberg's path rewrite writes last: a staging folder that has it is complete. */
  private static final String FILE_LIST = "file-list";

  /**
   * One table to relocate.
   *
   * @param table the table in the catalog
   * @param from the metadata file the catalog names, under the old root
   * @param to the same file under the new root, which the catalog will name
   * @param fromPrefix the old root as the table's metadata spells it
   * @param toPrefix the new root, spelled alike
   */
  public record Move(TableIdentifier table, String from, String to, String fromPrefix, String toPrefix) {
    @Override
    public String toString() {
      return table + ": " + from + " -> " + to;
    }
  }

  /**
   * What a relocation does.
   *
   * @param tables how many Iceberg tables the catalog holds
   * @param moves the tables under the old root, by name
   * @param problems a {@code Cannot relocate <table>: <reason>} for each table that could not be read
   */
  public record Plan(String fromRoot, String toRoot, int tables, List<Move> moves, List<String> problems) {
    /** Readable, one line per table. */
    public String render() {
      StringBuilder out = new StringBuilder("relocate from " + fromRoot + " to " + toRoot + ": " + moves.size() + " of " + tables
          + " Iceberg table(s) to relocate" + (moves.isEmpty() && problems.isEmpty() ? "; nothing to do" : "") + "\n");
      moves.forEach(m -> out.append("  ").append(m).append('\n'));
      return out.toString();
    }
  }

  /** A table that could not be relocated; its message is {@code Cannot relocate <table>: <reason>}. */
  public static final class RelocationException extends RuntimeException {
    RelocationException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SparkSession spark;
  private final String fromRoot;
  private final String toRoot;
  private final Catalog catalog;

  private Relocation(SparkSession spark, String fromRoot, String toRoot, Catalog catalog) {
    this.spark = spark;
    this.fromRoot = fromRoot;
    this.toRoot = toRoot;
    this.catalog = catalog;
  }

  /**
   * Opens the lake's Iceberg catalog (its own instance, not the session's) with files under
   * {@code fromRoot} read from under {@code toRoot}.
   *
   * @param fromRoot where the lake was, as a URI ({@code file:///old/lakehouse}, {@code s3a://bucket/lake})
   * @param toRoot where it is now
   */
  public static Relocation open(SparkSession spark, LakehouseSettings lake, String fromRoot, String toRoot) {
    Map<String, String> properties = new HashMap<>(lake.icebergProperties());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, lake.warehouse() + "/iceberg");
    properties.put(RelocatingFileIO.DELEGATE, properties.getOrDefault(CatalogProperties.FILE_IO_IMPL, RelocatingFileIO.DEFAULT_IO));
    properties.put(CatalogProperties.FILE_IO_IMPL, RelocatingFileIO.class.getName());
    properties.put(RelocatingFileIO.FROM, fromRoot);
    properties.put(RelocatingFileIO.TO, toRoot);
    Catalog catalog = CatalogUtil.buildIcebergCatalog(lake.icebergCatalog(), properties, spark.sessionState().newHadoopConf());
    return new Relocation(spark, fromRoot, toRoot, catalog);
  }

  /** Finds every table of the catalog whose metadata file lies under the old root. Changes nothing. */
  public Plan plan() {
    List<Move> moves = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<TableIdentifier> tables = tables();
    for (TableIdentifier id : tables) {
      try {
        String metadata = metadata(catalog.loadTable(id)).metadataFileLocation();
        String fromPrefix = RelocatingFileIO.spellingIn(metadata, fromRoot);
        if (fromPrefix != null) {
          String toPrefix = RelocatingFileIO.spelledLike(toRoot, fromPrefix);
          moves.add(new Move(id, metadata, toPrefix + metadata.substring(fromPrefix.length()), fromPrefix, toPrefix));
        }
      } catch (RuntimeException e) {
        problems.add("Cannot relocate " + id + ": " + firstLine(e));
      }
    }
    return new Plan(fromRoot, toRoot, tables.size(), List.copyOf(moves), List.copyOf(problems));
  }

  /**
   * Relocates one table of the plan: rewrites its metadata under the new root, then switches its
   * catalog entry to the rewritten newest metadata file.
   *
   * @throws RelocationException naming the table; the catalog entry is left as it was, unless the
   *     message says otherwise
   */
  public void apply(Move move) {
    String name = move.table().toString();
    Table table;
    String staging = move.to().substring(0, move.to().lastIndexOf('/') + 1) + "relocate-"
        + move.from().substring(move.from().lastIndexOf('/') + 1).replace(".metadata.json", "") + "/";
    List<String[]> staged;
    FileIO io;
    try {
      table = catalog.loadTable(move.table());
      io = table.io();
      if (!io.newInputFile(staging + FILE_LIST).exists()) {
        prefixes(io).deletePrefix(staging); // what a run that died while staging left
        SparkActions.get(spark).rewriteTablePath(table).rewriteLocationPrefix(move.fromPrefix(), move.toPrefix())
            .stagingLocation(staging).execute();
      }
      List<String[]> copyPlan = copyPlan(io, staging + FILE_LIST, move.toPrefix());
      // files that are not rewritten (data files, statistics) must have moved with the lake
      List<String> missing = copyPlan.stream().filter(f -> !f[0].startsWith(staging)).map(f -> f[1])
          .filter(f -> !io.newInputFile(f).exists()).sorted().toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(missing.size() + " file(s) it references are not under " + toRoot + ", e.g. "
            + missing.get(0) + "; move or copy every file of the lake first");
      }
      // the version files last: until they are in place no rewritten file is reachable from them
      staged = copyPlan.stream().filter(f -> f[0].startsWith(staging))
          .sorted(Comparator.comparing((String[] f) -> f[1].endsWith(".metadata.json")).thenComparing(f -> f[1])).toList();
      for (String[] file : staged) {
        copy(io, file[0], file[1]);
      }
      verify(move, io instanceof RelocatingFileIO relocating ? relocating.delegate() : io);
    } catch (RuntimeException e) {
      throw new RelocationException("Cannot relocate " + name + ": " + firstLine(e) + " (its catalog entry is unchanged)", e);
    }
    try {
      catalog.dropTable(move.table(), false /* purge: the files are the table */);
    } catch (RuntimeException e) {
      throw new RelocationException("Cannot relocate " + name + ": dropping its catalog entry failed: " + firstLine(e)
          + " (its metadata is rewritten under the new root; a rerun finishes)", e);
    }
    try {
      catalog.registerTable(move.table(), move.to());
    } catch (RuntimeException e) {
      throw new RelocationException("Cannot relocate " + name + ": its catalog entry was dropped, and registering " + move.to()
          + " failed: " + firstLine(e) + "; register it by hand: CALL " + catalog.name() + ".system.register_table(table => '"
          + name + "', metadata_file => '" + move.to() + "')", e);
    }
    try {
      prefixes(io).deletePrefix(staging);
    } catch (RuntimeException e) {
      // the table is relocated; a staging folder left behind is an orphan that maintain's clean-up removes
    }
  }

  /**
   * Reads the rewritten table as the catalog will, without the old root mapped: its location and
   * the data files of its current snapshot must lie outside the old root.
   */
  private void verify(Move move, FileIO io) {
    Table table = new BaseTable(new StaticTableOperations(move.to(), io), move.table().toString());
    if (RelocatingFileIO.spellingIn(table.location(), fromRoot) != null) {
      throw new IllegalStateException("the rewritten " + move.to() + " still places the table at " + table.location());
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (RelocatingFileIO.spellingIn(task.file().location(), fromRoot) != null) {
          throw new IllegalStateException("the rewritten " + move.to() + " still names " + task.file().location());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<TableIdentifier> tables() {
    List<TableIdentifier> tables = new ArrayList<>();
    if (catalog instanceof SupportsNamespaces namespaces) {
      collect(namespaces, Namespace.empty(), tables);
    } else {
      tables.addAll(catalog.listTables(Namespace.empty()));
    }
    tables.sort(Comparator.comparing(TableIdentifier::toString));
    return tables;
  }

  private void collect(SupportsNamespaces namespaces, Namespace parent, List<TableIdentifier> tables) {
    for (Namespace namespace : namespaces.listNamespaces(parent)) {
      tables.addAll(catalog.listTables(namespace));
      collect(namespaces, namespace, tables);
    }
  }

  private static TableMetadata metadata(Table table) {
    return ((HasTableOperations) table).operations().current();
  }

  /** The pairs (source, target) of Iceberg's file list; a target starts with the new prefix, so a comma in a path is no problem. */
  private static List<String[]> copyPlan(FileIO io, String fileList, String toPrefix) {
    List<String[]> pairs = new ArrayList<>();
    try (InputStream in = io.newInputFile(fileList).newStream()) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        int comma = line.indexOf("," + toPrefix);
        if (comma > 0) {
          pairs.add(new String[] {line.substring(0, comma), line.substring(comma + 1)});
        } else if (!line.isBlank()) {
          throw new IllegalStateException("cannot read the line '" + line + "' of " + fileList);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pairs;
  }

  private static void copy(FileIO io, String source, String target) {
    try (InputStream in = io.newInputFile(source).newStream(); OutputStream out = io.newOutputFile(target).createOrOverwrite()) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private static SupportsPrefixOperations prefixes(FileIO io) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new IllegalStateException("the catalog's FileIO " + io.getClass().getName() + " cannot delete by prefix");
    }
    return prefixes;
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Closes the catalog's connections. */
  @Override
  public void close() {
    if (catalog instanceof java.io.Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close the Iceberg catalog: " + e.getMessage(), e);
      }
    }
  }
}
