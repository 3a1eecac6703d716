package io.lakeshore.core.raw;

import io.lakeshore.core.run.RunWindow;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_valid_utf8;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The raw landing zone: {@code <root>/<entity>/date=YYYY-MM-DD/<files>}. Producers (the generator,
 * upstream exports) land files there; a job checks that its whole window has landed with {@link
 * #check}, before it processes anything, then reads each entity's lines.
 *
 * <p>Locations are Hadoop paths ({@code file:…}, {@code s3a://…}), not percent-encoded URIs.
 * Files whose names start with {@code _} or {@code .} are ignored, as Spark does; every other file
 * of a date folder is read, and a compressed one ({@code .gz}, {@code .bz2}, {@code .deflate}, …:
 * any extension of Hadoop's codecs) is decompressed by its extension, as Spark's text source
 * does. A file that does not decompress fails the run naming it ({@link Landed#reading}).
 */
public record RawZone(String root) {
  /** Partition column Spark derives from the {@code date=} folders. */
  public static final String DATE_FOLDER = "date";
  /** A CSV header longer than this is not a header. */
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  public RawZone {
    Objects.requireNonNull(root, "root is null");
  }

  /** Folder of an entity: {@code <root>/<entity>}. */
  public String entity(String entity) {
    return root + "/" + entity;
  }

  /** Folder of one date of an entity. */
  public String folder(String entity, LocalDate date) {
    return entity(entity) + "/" + DATE_FOLDER + "=" + date;
  }

  /** The folders of every date of the window. */
  public List<String> folders(String entity, RunWindow window) {
    return window.dates().stream().map(d -> folder(entity, d)).toList();
  }

  /**
   * Checks that every input has landed for every date of the window, before anything is
   * processed: each date's folder exists and holds at least one file, and every CSV file starts
   * with the declared header. Reads nothing but headers.
   *
   * @throws IllegalStateException naming the entity and the folder or file at fault
   */
  public Landed check(SparkSession spark, RunWindow window, List<RawInput> inputs) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (RawInput input : inputs) {
      List<String> found = new ArrayList<>();
      for (LocalDate date : window.dates()) {
        String folder = folder(input.entity(), date);
        try {
          Path path = new Path(folder);
          FileSystem fs = path.getFileSystem(hadoop);
          if (!fs.exists(path)) {
            throw new IllegalStateException("Cannot read raw " + input.entity() + ": nothing landed at " + folder);
          }
          List<String> names = Arrays.stream(fs.listStatus(path))
              .filter(FileStatus::isFile)
              .map(s -> s.getPath().getName())
              .filter(n -> !n.startsWith("_") && !n.startsWith("."))
              .sorted()
              .toList();
          if (names.isEmpty()) {
            throw new IllegalStateException("Cannot read raw " + input.entity() + ": no files in " + folder);
          }
          for (String name : names) {
            String file = folder + "/" + name;
            if (input.format() == RawFormat.CSV) {
              try {
                checkHeader(input, file, fs, new CompressionCodecFactory(hadoop));
              } catch (IOException e) {
                throw new IllegalStateException("Cannot read raw " + input.entity() + ": " + file + " is unreadable: " + e.getMessage(), e);
              }
            }
            found.add(file);
          }
        } catch (IOException e) {
          throw new IllegalStateException("Cannot read raw " + input.entity() + ": " + e.getMessage() + " at " + folder, e);
        }
      }
      files.put(input.entity(), found);
    }
    return new Landed(spark, this, window, Map.copyOf(files));
  }

  /**
   * What landed for one date of an entity, as fingerprint lines: {@code raw <entity> <file>
   * <bytes> <modified>} per data file, or {@code raw <entity> missing}. Lists one folder.
   */
  public List<String> fingerprint(SparkSession spark, String entity, LocalDate date) {
    String folder = folder(entity, date);
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return List.of("raw " + entity + " missing");
      }
      return Arrays.stream(fs.listStatus(path))
          .filter(FileStatus::isFile)
          .filter(st -> !st.getPath().getName().startsWith("_") && !st.getPath().getName().startsWith("."))
          .map(st -> "raw " + entity + " " + st.getPath().getName() + " " + st.getLen() + " "
              + java.time.Instant.ofEpochMilli(st.getModificationTime()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list raw " + entity + ": " + e.getMessage() + " at " + folder, e);
    }
  }

  /** Columns are bound by name: a header other than the declared one is an error, naming both. */
  private static void checkHeader(RawInput input, String file, FileSystem fs, CompressionCodecFactory codecs) throws IOException {
    Path path = new Path(file);
    CompressionCodec codec = codecs.getCodec(path);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (InputStream raw = fs.open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      int b;
      while ((b = in.read()) != -1 && b != '\n' && line.size() < MAX_HEADER_BYTES) {
        line.write(b);
      }
    }
    if (line.size() == 0) {
      return; // an empty file holds no rows; the job's empty-day gate decides about it
    }
    String header = line.toString(input.encoding()).replaceFirst("^\uFEFF", "").replaceFirst("\r$", "");
    if (!header.equals(input.header())) {
      throw new IllegalStateException("Cannot read raw " + input.entity() + ": the header of " + file + " is "
          + Arrays.asList(header.split(",", -1)) + ", expected " + input.fields());
    }
  }

  /** The files of a window that passed {@link #check}; reads them. */
  public static final class Landed {
    private final SparkSession spark;
    private final RawZone zone;
    private final RunWindow window;
    private final Map<String, List<String>> files;

    private Landed(SparkSession spark, RawZone zone, RunWindow window, Map<String, List<String>> files) {
      this.spark = spark;
      this.zone = zone;
      this.window = window;
      this.files = files;
    }

    /** The files found for an entity, in date and name order. */
    public List<String> files(String entity) {
      List<String> found = files.get(entity);
      if (found == null) {
        throw new IllegalArgumentException("Cannot read raw " + entity + ": it was not among the checked inputs " + files.keySet());
      }
      return found;
    }

    /**
     * The input's lines: {@link RawInput#RAW_RECORD} (decoded, always valid UTF-8), {@link
     * RawInput#RAW_BYTES} (the bytes of a line that does not decode) and {@link
     * RawInput#INGEST_DATE}. Blank lines are not records and are skipped; so are CSV header lines
     * (a line equal to the header, so concatenated files stay readable).
     */
    public Dataset<Row> read(RawInput input) {
      String[] paths = files(input.entity()).toArray(String[]::new);
      if (input.format() == RawFormat.PARQUET) {
        // typed columns as they are, plus the row as JSON for the quarantine
        Dataset<Row> rows = spark.read().option("basePath", zone.entity(input.entity())).parquet(paths);
        Column[] data = java.util.Arrays.stream(rows.columns()).filter(c -> !c.equals(DATE_FOLDER)).map(c -> col(c)).toArray(Column[]::new);
        List<Column> out = new ArrayList<>(java.util.Arrays.asList(data));
        out.add(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(data)).as(RawInput.RAW_RECORD));
        out.add(lit(null).cast(DataTypes.BinaryType).as(RawInput.RAW_BYTES));
        out.add(to_date(col(DATE_FOLDER)).as(RawInput.INGEST_DATE));
        return rows.select(out.toArray(Column[]::new));
      }
      Dataset<Row> text = spark.read().option("basePath", zone.entity(input.entity())).text(paths);
      Column value = col("value");
      boolean utf8 = input.encoding().equals(StandardCharsets.UTF_8);
      Column decoded = utf8 ? make_valid_utf8(value) : decode(value.cast(DataTypes.BinaryType), input.encoding().name());
      Column undecodable = utf8 ? when(not(is_valid_utf8(value)), value.cast(DataTypes.BinaryType)) : lit(null).cast(DataTypes.BinaryType);
      Dataset<Row> lines =
          text.select(decoded.as(RawInput.RAW_RECORD), undecodable.as(RawInput.RAW_BYTES),
                  to_date(col(DATE_FOLDER)).as(RawInput.INGEST_DATE))
              .filter(trim(col(RawInput.RAW_RECORD)).notEqual(lit("")));
      if (input.format() == RawFormat.CSV) {
        lines = lines.filter(not(regexp_replace(col(RawInput.RAW_RECORD), "^\uFEFF", "").equalTo(lit(input.header()))));
      }
      return lines;
    }

    /**
     * Runs {@code action}, a Spark action that reads the checked files, and names the file when one
     * of them cannot be read: a truncated compressed file, one that is not in the format its name
     * says ({@code .gz} that is not gzip), one removed since {@link RawZone#check}. Spark's own
     * message names the file but neither the input nor why.
     *
     * @throws IllegalStateException {@code Cannot read raw <entity>: <file> is unreadable: <cause>}
     */
    public <T> T reading(Supplier<T> action) {
      try {
        return action.get();
      } catch (Exception e) { // rethrown as is unless it names a checked file; Spark throws checked exceptions undeclared
        RuntimeException named = unreadable(e);
        if (named != null) {
          throw named;
        }
        throw e;
      }
    }

    /** The failure to read a checked file that {@code e} reports, as ours; null when it reports none. */
    private RuntimeException unreadable(Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SparkThrowable st && String.valueOf(st.getCondition()).startsWith("FAILED_READ_FILE")
            && st.getMessageParameters().get("path") != null) {
          String reported = pathOf(st.getMessageParameters().get("path"));
          Throwable root = t;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          String why = root == t ? st.getCondition() : root.getMessage() != null ? root.getMessage() : root.getClass().getName();
          for (Map.Entry<String, List<String>> entity : files.entrySet()) {
            for (String file : entity.getValue()) {
              if (pathOf(file).equals(reported)) {
                return new IllegalStateException("Cannot read raw " + entity.getKey() + ": " + file + " is unreadable: " + why, e);
              }
            }
          }
          return null;
        }
      }
      return null;
    }

    /** The decoded path of a location, however it was spelt (Spark may percent-encode it). */
    private static String pathOf(String location) {
      try {
        return new java.net.URI(location).getPath();
      } catch (java.net.URISyntaxException e) {
        return new Path(location).toUri().getPath();
      }
    }

    /**
     * A small reference input (rates, a lookup table), parsed, that every date of the window must
     * have and whose every line must decode and parse. Counts it once: use it for small inputs only.
     *
     * @throws IllegalStateException naming the entity, the date and the folder
     */
    public Dataset<Row> readReference(RawInput input) {
      Dataset<Row> rows = input.parse(read(input));
      Column bad = col(RawInput.RAW_BYTES).isNotNull().or(col(RawInput.CORRUPT).isNotNull());
      Map<LocalDate, long[]> byDate = new LinkedHashMap<>();
      List<Row> counted = reading(() -> rows.groupBy(col(RawInput.INGEST_DATE))
          .agg(count(lit(1)), count(when(bad, lit(1))), org.apache.spark.sql.functions.min(when(bad, col(RawInput.RAW_RECORD))))
          .collectAsList()); // one row per date of the window
      for (Row r : counted) {
        byDate.put(r.getDate(0).toLocalDate(), new long[] {r.getLong(1), r.getLong(2)});
        if (r.getLong(2) > 0) {
          throw new IllegalStateException("Cannot read raw " + input.entity() + ": " + r.getLong(2) + " of " + r.getLong(1)
              + " lines for " + r.getDate(0) + " do not decode or parse, e.g. '" + r.getString(3) + "'");
        }
      }
      for (LocalDate date : window.dates()) {
        if (!byDate.containsKey(date)) {
          throw new IllegalStateException(
              "Cannot read raw " + input.entity() + ": no rows for " + date + " in " + zone.folder(input.entity(), date));
        }
      }
      return rows;
    }
  }

  /**
   * The date folders of every entity whose date lies before {@code cutoff}, oldest first within
   * each entity: what raw retention removes.
   */
  public List<String> foldersBefore(org.apache.hadoop.conf.Configuration hadoop, LocalDate cutoff) throws IOException {
    List<String> expired = new java.util.ArrayList<>();
    Path rootPath = new Path(root);
    FileSystem fs = rootPath.getFileSystem(hadoop);
    if (!fs.exists(rootPath)) {
      return expired;
    }
    for (org.apache.hadoop.fs.FileStatus entity : fs.listStatus(rootPath)) {
      if (!entity.isDirectory()) {
        continue;
      }
      java.util.List<org.apache.hadoop.fs.FileStatus> days = new java.util.ArrayList<>(List.of(fs.listStatus(entity.getPath())));
      days.sort(java.util.Comparator.comparing(d -> d.getPath().getName()));
      for (org.apache.hadoop.fs.FileStatus day : days) {
        String name = day.getPath().getName();
        if (day.isDirectory() && name.startsWith(DATE_FOLDER + "=")) {
          try {
            if (LocalDate.parse(name.substring(DATE_FOLDER.length() + 1)).isBefore(cutoff)) {
              expired.add(entity.getPath().getName() + "/" + name);
            }
          } catch (java.time.format.DateTimeParseException e) {
            // not a date folder of ours: left alone
          }
        }
      }
    }
    return expired;
  }

  /** Deletes folders named relative to the root, as {@link #foldersBefore} lists them. */
  public void delete(org.apache.hadoop.conf.Configuration hadoop, List<String> folders) throws IOException {
    for (String folder : folders) {
      Path path = new Path(root + "/" + folder);
      path.getFileSystem(hadoop).delete(path, true);
    }
  }
}
