package io.lakeshore.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.hadoop.HadoopConfigurable;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.SerializableSupplier;

/**
 * The FileIO {@link Relocation} loads a moved lake's Iceberg tables with: a file named under the
 * old root is read from the same place under the new root, while keeping the name it was asked
 * by (Iceberg takes a metadata file's location from the input file, and the path rewrite needs
 * the old names). Nothing is written or deleted under the old root. Every other path goes to the
 * catalog's own FileIO unchanged.
 *
 * <p>Set as a catalog's {@code io-impl}, with {@link #FROM}, {@link #TO} and {@link #DELEGATE}
 * among the catalog properties. Public only because Iceberg instantiates it by name.
 */
public final class RelocatingFileIO implements SupportsPrefixOperations, HadoopConfigurable {
  /** The old root, as the table metadata names it. */
  public static final String FROM = "lakeshore.relocate.from";
  /** The new root the files are read from. */
  public static final String TO = "lakeshore.relocate.to";
  /** The FileIO class that does the reading and writing (the catalog's own {@code io-impl}). */
  public static final String DELEGATE = "lakeshore.relocate.io-impl";
  /** Iceberg catalogs' default FileIO. */
  static final String DEFAULT_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

  private static final ObjectMapper JSON = new ObjectMapper();

  private String from;
  private String to;
  private FileIO delegate;
  private transient Configuration hadoopConf;

  /** For Iceberg, which instantiates a FileIO by name and then initializes it. */
  public RelocatingFileIO() {}

  @Override
  public void initialize(Map<String, String> properties) {
    this.from = require(properties, FROM);
    this.to = require(properties, TO);
    Map<String, String> own = new HashMap<>(properties);
    own.put(CatalogProperties.FILE_IO_IMPL, properties.getOrDefault(DELEGATE, DEFAULT_IO));
    this.delegate = CatalogUtil.loadFileIO(own.get(CatalogProperties.FILE_IO_IMPL), own, hadoopConf);
  }

  private static String require(Map<String, String> properties, String key) {
    String value = properties.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("Cannot initialize RelocatingFileIO: " + key + " is not set");
    }
    return value;
  }

  /**
   * The spelling of {@code root} that {@code location} starts with, or null when it is not under
   * the root: the configuration spells a local root {@code file:///p}, Hadoop writes paths as
   * {@code file:/p}, and one table's metadata holds both.
   */
  static String spellingIn(String location, String root) {
    for (String spelling : spellings(root)) {
      if (location.equals(spelling) || location.startsWith(spelling + "/")) {
        return spelling;
      }
    }
    return null;
  }

  /** True when {@code location} is {@code root} or lies under it, in any spelling. */
  public static boolean under(String location, String root) {
    return spellingIn(location, root) != null;
  }

  private static List<String> spellings(String root) {
    String path = localPath(root);
    return path == null ? List.of(root) : List.of("file://" + path, "file:" + path);
  }

  /** {@code root} spelled as {@code sample} spells its local paths (a root elsewhere has one spelling). */
  static String spelledLike(String root, String sample) {
    String path = localPath(root);
    if (path == null || !sample.startsWith("file:")) {
      return root;
    }
    return (sample.startsWith("file:///") ? "file://" : "file:") + path;
  }

  /** The absolute path of a local root without a trailing slash, or null for a root elsewhere. */
  private static String localPath(String root) {
    String r = root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    if (r.startsWith("file:///")) {
      return r.substring("file://".length());
    }
    if (r.startsWith("file:/") && !r.startsWith("file://")) {
      return r.substring("file:".length());
    }
    return null;
  }

  /** The catalog's own FileIO, which reads every path as it is named. */
  FileIO delegate() {
    return delegate;
  }

  /** Where a file named {@code location} is now. */
  String moved(String location) {
    String spelling = spellingIn(location, from);
    return spelling == null ? location : spelledLike(to, spelling) + location.substring(spelling.length());
  }

  @Override
  public InputFile newInputFile(String location) {
    return renamed(delegate.newInputFile(moved(location)), location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return renamed(delegate.newInputFile(moved(location), length), location);
  }

  private InputFile renamed(InputFile file, String location) {
    String spelling = spellingIn(location, from);
    if (spelling == null) {
      return file;
    }
    // Iceberg's path rewrite takes one spelling of the old root, and a table's location is spelled
    // as configured while every file is spelled as Hadoop writes it: a version file is read with
    // its old-root paths spelled as the file's own name is
    return location.endsWith(".metadata.json") && !location.endsWith(".gz.metadata.json")
        ? new Respelled(file, location, spelling) : new Renamed(file, location);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return delegate.newOutputFile(writable(location));
  }

  @Override
  public void deleteFile(String location) {
    delegate.deleteFile(writable(location));
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return prefixes().listPrefix(prefix);
  }

  @Override
  public void deletePrefix(String prefix) {
    prefixes().deletePrefix(writable(prefix));
  }

  private SupportsPrefixOperations prefixes() {
    if (!(delegate instanceof SupportsPrefixOperations prefixes)) {
      throw new UnsupportedOperationException(
          "Cannot list or delete by prefix: " + delegate.getClass().getName() + " does not support it");
    }
    return prefixes;
  }

  /** Relocation writes only its rewritten metadata, under the new root; the old root is never written. */
  private String writable(String location) {
    if (spellingIn(location, from) != null) {
      throw new UnsupportedOperationException("Cannot write " + location + ": relocation writes nothing under the old root " + from);
    }
    return location;
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  @Override
  public void close() {
    if (delegate != null) {
      delegate.close();
    }
  }

  @Override
  public void setConf(Configuration conf) {
    this.hadoopConf = conf;
  }

  @Override
  public Configuration getConf() {
    return hadoopConf;
  }

  @Override
  public void serializeConfWith(Function<Configuration, SerializableSupplier<Configuration>> serializer) {
    if (delegate instanceof HadoopConfigurable configurable) {
      configurable.serializeConfWith(serializer);
    }
  }

  /** A moved version file under the name it was asked by, its old-root paths in one spelling. */
  private final class Respelled implements InputFile {
    private final InputFile file;
    private final String location;
    private final String spelling;
    private byte[] content;

    Respelled(InputFile file, String location, String spelling) {
      this.file = file;
      this.location = location;
      this.spelling = spelling;
    }

    private synchronized byte[] content() {
      if (content == null) {
        try (InputStream in = file.newStream()) {
          JsonNode json = JSON.readTree(in);
          content = JSON.writeValueAsBytes(respell(json));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + location + ": " + e.getMessage(), e);
        }
      }
      return content;
    }

    private JsonNode respell(JsonNode node) {
      if (node.isTextual()) {
        String other = spellingIn(node.textValue(), from);
        return other == null || other.equals(spelling) ? node
            : TextNode.valueOf(spelling + node.textValue().substring(other.length()));
      }
      if (node instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.forEach(name -> object.set(name, respell(object.get(name))));
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, respell(array.get(i)));
        }
      }
      return node;
    }

    @Override
    public long getLength() {
      return content().length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new InMemoryInputFile(location, content()).newStream();
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }

  /** A moved file under the name it was asked by. */
  private record Renamed(InputFile file, String location) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return file.newStream();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }
}
