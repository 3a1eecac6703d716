package io.lakeshore.core.raw;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.quality.Expectations;
import io.lakeshore.core.transform.Transforms;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One raw entity as a job expects it: the folder it lands in ({@code <raw>/<entity>/date=D/}), the
 * format of its files, the fields of a record and the text encoding of the files.
 *
 * <p>{@link RawZone.Landed#read} yields its lines ({@link #RAW_RECORD}, {@link #RAW_BYTES},
 * {@link #INGEST_DATE}); {@link #parse} adds one text column per field and {@link #CORRUPT}; and
 * {@link #rules} are the structural expectations every record must meet first.
 *
 * <p>CSV files must start with a header equal to the fields, in order: columns are bound by name,
 * so a file whose header differs fails the run before anything is read (see {@link RawZone}).
 *
 * @param entity the entity's folder name, a lower-case identifier
 * @param format JSON lines or CSV
 * @param fields the fields of a record, read as text (typed by the job, so a wrong type is seen)
 * @param encoding UTF-8 or ISO-8859-1
 */
public record RawInput(String entity, RawFormat format, List<String> fields, Charset encoding) {
  /** The line as received, decoded; always valid UTF-8 text (undecodable bytes become U+FFFD). */
  public static final String RAW_RECORD = "raw_record";
  /** The exact bytes of a line that does not decode in the declared encoding; NULL otherwise. */
  public static final String RAW_BYTES = "raw_bytes";
  /** Set to the line when it does not parse as a record of the declared fields. */
  public static final String CORRUPT = "_corrupt_record";
  /** The date folder the line landed in. */
  public static final String INGEST_DATE = "ingest_date";
  /**
   * Fields a record has that the declared ones do not name, as a JSON object (NULL when there
   * are none): schema drift kept, not dropped. A {@link io.lakeshore.core.job.Load} may keep it in
   * its table; the run report counts the records that had any.
   */
  public static final String RESCUED = "_rescued_data";
  /** Encodings a raw entity may declare. */
  public static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  /** The wrapper a JSON line is parsed in: the line's object, then an end marker (see {@link #parseJson}). */
  private static final String LINE = "line";
  private static final String END = "~end of line";

  public RawInput {
    Objects.requireNonNull(entity, "entity is null");
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(encoding, "encoding is null");
    fields = List.copyOf(fields);
    if (!NAME.matcher(entity).matches()) {
      throw new IllegalArgumentException("Cannot declare raw input: entity must be a lower-case identifier, cannot be: '" + entity + "'");
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare raw input " + entity + ": no fields");
    }
    if (!ENCODINGS.contains(encoding)) {
      throw new IllegalArgumentException("Cannot declare raw input " + entity + ": encoding must be UTF-8 or ISO-8859-1, cannot be: " + encoding);
    }
  }

  /** JSON objects, one per line, in UTF-8. */
  public static RawInput jsonLines(String entity, String... fields) {
    return new RawInput(entity, RawFormat.JSON_LINES, List.of(fields), StandardCharsets.UTF_8);
  }

  /** Parquet files holding (at least) {@code fields}; read as text, so types are checked by the job. */
  public static RawInput parquet(String entity, String... fields) {
    return new RawInput(entity, RawFormat.PARQUET, List.of(fields), StandardCharsets.UTF_8);
  }

  /** CSV with a header line naming {@code fields} in order, in UTF-8. */
  public static RawInput csv(String entity, String... fields) {
    return new RawInput(entity, RawFormat.CSV, List.of(fields), StandardCharsets.UTF_8);
  }

  /**
   * A copy with the named encoding, e.g. from configuration.
   *
   * @throws IllegalArgumentException naming the entity and the value when it is not supported
   */
  public RawInput withEncoding(String name) {
    Charset charset = ENCODINGS.stream().filter(c -> c.name().equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "Cannot declare raw input " + entity + ": encoding must be UTF-8 or ISO-8859-1, cannot be: '" + name + "'"));
    return new RawInput(entity, format, fields, charset);
  }

  /** The header line a CSV file of this input starts with. */
  public String header() {
    return String.join(",", fields);
  }

  /** The fields as text, and the corrupt-record column. */
  public StructType textSchema() {
    StructType schema = new StructType();
    for (String field : fields) {
      schema = schema.add(field, DataTypes.StringType);
    }
    return schema.add(CORRUPT, DataTypes.StringType);
  }

  /**
   * Adds one text column per field, {@link #CORRUPT} and {@link #RESCUED} to lines read by {@link
   * RawZone.Landed#read}, keeping every column it is given. A line that is not a record of the
   * declared fields (not one JSON object, with nothing after it, or one naming a key twice; a CSV line with more or fewer values) gets its text in
   * {@link #CORRUPT}. Fields a JSON object or a Parquet file has beyond the declared ones go to
   * {@link #RESCUED} (CSV cannot drift: its header is checked).
   */
  public Dataset<Row> parse(Dataset<Row> lines) {
    Transforms.requireColumns("parse raw " + entity, lines, List.of(RAW_RECORD));
    return switch (format) {
      case PARQUET -> parseParquet(lines);
      case JSON_LINES -> parseJson(lines);
      case CSV -> parseCsv(lines);
    };
  }

  private Dataset<Row> parseCsv(Dataset<Row> lines) {
    Map<String, String> options = Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);
    String parsed = "_raw_parsed";
    List<Column> out = new ArrayList<>();
    for (String c : lines.columns()) {
      out.add(col(c));
    }
    for (String field : textSchema().fieldNames()) {
      out.add(col(parsed + ".`" + field + "`").as(field));
    }
    out.add(lit(null).cast(DataTypes.StringType).as(RESCUED));
    return lines.withColumn(parsed, from_csv(col(RAW_RECORD), lit(textSchema().toDDL()), options)).select(out.toArray(Column[]::new));
  }

  /**
   * Each line is parsed once, into a map of its top-level keys to their values as text: the
   * declared fields are looked up in it, and the keys it has beyond them are the rescued data.
   * (Parsing into a struct of the fields and listing the keys apart tokenizes every line two or
   * three times.) A line that is not one JSON object, with nothing after it, or that names a key
   * twice, gets no map and is corrupt. Every expression here is compiled (no lambda function),
   * which matters as much as the parse: an interpreted projection over every line costs a quarter
   * of the parse again.
   */
  private Dataset<Row> parseJson(Dataset<Row> lines) {
    String parsed = "_raw_parsed";
    String suspect = "_raw_more_keys";
    Column map = col(parsed);
    // more keys than declared fields with a value: extra keys, a repeated key, or a declared field
    // set to null; rare, so only those lines are looked at closer
    Column valued = lit(0);
    for (String field : fields) {
      valued = valued.plus(when(map.getItem(field).isNotNull(), lit(1)).otherwise(lit(0)));
    }
    Column moreKeys = coalesce(size(map).gt(valued), lit(false));
    Column repeatedKey = size(array_distinct(map_keys(map))).lt(size(map));
    Column[] declaredEntries =
        fields.stream().map(f -> struct(lit(f).as("key"), map.getItem(f).as("value"))).toArray(Column[]::new);
    Column undeclared = map_from_entries(array_except(map_entries(map), array(declaredEntries)));
    List<Column> out = new ArrayList<>();
    for (String c : lines.columns()) {
      out.add(col(c));
    }
    for (String field : fields) {
      out.add(map.getItem(field).as(field));
    }
    out.add(when(map.isNull(), col(RAW_RECORD)).as(CORRUPT));
    out.add(when(col(suspect).and(size(undeclared).gt(0)), to_json(undeclared)).as(RESCUED));
    // The JSON parser stops after the first value of its text, so {"a":1}{"a":2} (a lost newline)
    // would parse as one record and drop the rest unseen. The line is parsed as the value of a
    // wrapper object followed by an end marker: text after the line's object makes the wrapper
    // fail to parse, and a line that closes the wrapper early leaves the marker unread.
    Column wrapped = concat(lit("{\"" + LINE + "\":"), col(RAW_RECORD), lit(",\"" + END + "\":1}"));
    StructType wrapper = new StructType()
        .add(LINE, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
        .add(END, DataTypes.IntegerType);
    Column whole = col(parsed).getField(END).isNotNull();
    return lines.withColumn(parsed, from_json(wrapped, wrapper, Map.of("mode", "PERMISSIVE")))
        .withColumn(parsed, when(whole, col(parsed).getField(LINE)))
        .withColumn(suspect, moreKeys)
        .withColumn(parsed, when(col(suspect).and(repeatedKey), lit(null)).otherwise(map))
        .select(out.toArray(Column[]::new));
  }

  /** Parquet columns arrive typed: the declared ones as text, the others rescued. */
  private Dataset<Row> parseParquet(Dataset<Row> rows) {
    java.util.Set<String> present = java.util.Set.of(rows.columns());
    List<String> extra = java.util.Arrays.stream(rows.columns())
        .filter(c -> !fields.contains(c) && !c.equals(RAW_RECORD) && !c.equals(RAW_BYTES) && !c.equals(INGEST_DATE))
        .toList();
    List<Column> out = new ArrayList<>(List.of(col(RAW_RECORD), col(RAW_BYTES), col(INGEST_DATE)));
    for (String field : fields) {
      out.add((present.contains(field) ? col(field).cast(DataTypes.StringType) : lit(null).cast(DataTypes.StringType)).as(field));
    }
    out.add(lit(null).cast(DataTypes.StringType).as(CORRUPT));
    Column rescued = extra.isEmpty()
        ? lit(null).cast(DataTypes.StringType)
        : when(coalesce(extra.stream().map(c -> col(c).isNotNull()).reduce(Column::or).orElseThrow(), lit(false)),
            to_json(struct(extra.stream().map(c -> col(c)).toArray(Column[]::new))));
    out.add(rescued.as(RESCUED));
    return rows.select(out.toArray(Column[]::new));
  }

  /**
   * The structural rules, to be declared before any other: {@code valid_encoding} (the line
   * decodes in the declared encoding) and {@code well_formed} (it parses as a record).
   */
  public List<Expectation> rules() {
    String what = switch (format) {
      case JSON_LINES -> "a JSON object with unique keys";
      case CSV -> "a CSV record of " + fields.size() + " fields";
      case PARQUET -> "a Parquet row";
    };
    return List.of(
        Expectations.of("valid_encoding", col(RAW_BYTES).isNull(),
            lit("line is not valid " + encoding.name() + " (its bytes are kept in " + RAW_BYTES + ")"), List.of(RAW_BYTES)),
        Expectations.of("well_formed", col(CORRUPT).isNull(), lit("line is not " + what), List.of(CORRUPT)));
  }
}
