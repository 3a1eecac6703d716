package io.lakeshore.local;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.session.Sessions;
import io.lakeshore.core.table.Lakehouse;
import io.lakeshore.core.table.TableId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The JVM reference of {@code tests/interop.sh}: opens a lake the way the jobs do (the shipped
 * configuration, {@code Sessions}, {@code Lakehouse}) and prints, for every table of the table
 * list, {@code <table> <rows> <sha256>} with the checksum that {@code tests/interop/readers.py}
 * computes in every other engine. The checksum is defined in {@code tests/interop/tables.txt}.
 *
 * <p>Usage: {@code InteropDigest <conf-dir> <lake root> <tables.txt>}. Not a unit test: the
 * script runs it after the local pipeline has made the lake.
 */
public final class InteropDigest {
  private InteropDigest() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: InteropDigest <conf-dir> <lake root> <tables.txt>");
      System.exit(2);
    }
    LakeshoreConfig config = ConfigLoader.load(Path.of(args[0]), "local", List.of("lakeshore.root=" + args[1]));
    List<String[]> tables = Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+")).toList();
    SparkSession spark = Sessions.create("lakeshore-interop-reference", config.spark(), config.lakehouse());
    int code = 0;
    try {
      Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
      for (String[] t : tables) {
        TableId id = TableId.parse(t[0]);
        String format = lake.formatOf(id).toString().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals(t[1])) {
          System.err.println("Cannot digest " + id + ": the table list says " + t[1] + ", the configuration " + format);
          code = 1;
          continue;
        }
        String[] columns = t[2].split(",");
        var rows = lake.table(id).read().select(columns[0], Arrays.copyOfRange(columns, 1, columns.length));
        DataType[] types = Arrays.stream(rows.schema().fields()).map(f -> f.dataType()).toArray(DataType[]::new);
        List<byte[]> lines = new ArrayList<>();
        for (Row row : rows.collectAsList()) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < types.length; i++) {
            if (i > 0) {
              line.append('|');
            }
            line.append(row.isNullAt(i) ? "\\N" : escape(text(types[i], row.get(i), id + "." + columns[i])));
          }
          lines.add(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        System.out.println(id + " " + lines.size() + " " + sha256(lines));
      }
    } finally {
      spark.stop();
    }
    System.exit(code);
  }

  /** A value's text, as tables.txt defines it for its type. */
  static String text(DataType type, Object value, String column) {
    if (type.equals(DataTypes.StringType) || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)) {
      return value.toString();
    }
    if (type instanceof DecimalType) {
      return ((BigDecimal) value).toPlainString();
    }
    if (type.equals(DataTypes.DateType)) {
      return (value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value).toString();
    }
    if (type.equals(DataTypes.TimestampType)) {
      Instant at = value instanceof Timestamp ts ? ts.toInstant() : (Instant) value;
      return Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
    }
    throw new IllegalArgumentException("Cannot digest " + column + ": no text is defined for type " + type.simpleString());
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n");
  }

  /** SHA-256 of the lines sorted by their UTF-8 bytes, each followed by a newline. */
  static String sha256(List<byte[]> lines) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      lines.stream().sorted(Arrays::compareUnsigned).forEach(l -> {
        sha.update(l);
        sha.update((byte) '\n');
      });
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
