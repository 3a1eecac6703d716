package io.lakeshore.core.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;

import io.lakeshore.core.table.LakeTable;
import io.lakeshore.core.table.TableSpec;
import io.lakeshore.core.transform.Transforms;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A slowly changing dimension of type 2 kept from daily snapshots: one row per version of a key,
 * with {@value #ATTR_HASH} (SHA-256 of the tracked attributes), {@value #VALID_FROM}, {@value
 * #VALID_TO} (exclusive, NULL while current) and {@value #IS_CURRENT}. Immutable.
 *
 * <pre>{@code
 * Scd2 customers = Scd2.of("customer_id", List.of("name", "email", "country", "segment"), "snapshot_date");
 * Read snapshots = Read.of(GOLDEN_CUSTOMERS, Scope.since("snapshot_date", w.from()));
 * Write write = customers.write(CUSTOMERS, snapshots);
 * }</pre>
 *
 * <p>A run recomputes the chain from the window's start on, from the version in effect on the day
 * before ({@link #inEffectBefore}) and every snapshot from the window's first day on, later days
 * included, so the dimension is right whatever order windows are loaded or reloaded in. The write
 * merges on (key, {@value #VALID_FROM}): a matched version is updated only when its {@value
 * #VALID_TO} or hash changed, a new one inserted, and a version from the window's start on that
 * the recomputed chain no longer has is deleted. A rerun with unchanged snapshots changes no row.
 *
 * @param key the dimension's key column
 * @param attributes the tracked columns: a version starts when one of them changes
 * @param snapshotDate the snapshots' date column: the day a snapshot's state holds from
 */
public record Scd2(String key, List<String> attributes, String snapshotDate) {
  public static final String ATTR_HASH = "attr_hash";
  public static final String VALID_FROM = "valid_from";
  /** Exclusive: the next version's valid_from; NULL while current. */
  public static final String VALID_TO = "valid_to";
  public static final String IS_CURRENT = "is_current";
  private static final String DAY = "_lakeshore_scd2_day";
  private static final String PREVIOUS = "_lakeshore_scd2_previous";

  public Scd2 {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(snapshotDate, "snapshotDate is null");
    attributes = List.copyOf(attributes);
    if (attributes.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare SCD2 dimension of " + key + ": no tracked attributes");
    }
  }

  public static Scd2 of(String key, List<String> attributes, String snapshotDate) {
    return new Scd2(key, attributes, snapshotDate);
  }

  /** {@code schema} (the key and the attributes) followed by the version columns. */
  public static StructType appendTo(StructType schema) {
    return schema
        .add(ATTR_HASH, DataTypes.StringType, false)
        .add(VALID_FROM, DataTypes.DateType, false)
        .add(VALID_TO, DataTypes.DateType, true)
        .add(IS_CURRENT, DataTypes.BooleanType, false);
  }

  /**
   * The write of {@code dimension} from {@code snapshots}, whose scope must be {@code
   * Scope.since(snapshotDate, from)}: the window's start {@code from} is taken from it, so the
   * rows read and the versions replaced cannot disagree.
   *
   * @throws IllegalArgumentException when the dimension lacks a column or the read is not since a date
   */
  public Write write(TableSpec dimension, Read snapshots) {
    List<String> columns = new ArrayList<>(List.of(key));
    columns.addAll(attributes);
    columns.addAll(List.of(ATTR_HASH, VALID_FROM, VALID_TO, IS_CURRENT));
    List<String> missing = columns.stream().filter(c -> !List.of(dimension.schema().fieldNames()).contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Cannot declare SCD2 write of " + dimension.id() + ": missing columns " + missing
          + " in " + List.of(dimension.schema().fieldNames()));
    }
    List<Scope.Range> ranges = snapshots.scope().ranges();
    if (ranges.size() != 1 || !ranges.get(0).column().equals(snapshotDate) || ranges.get(0).to() != null) {
      throw new IllegalArgumentException("Cannot declare SCD2 write of " + dimension.id() + ": snapshots must be read with Scope.since("
          + snapshotDate + ", date), cannot be: " + snapshots);
    }
    LocalDate from = ranges.get(0).from();
    Merge merge = new Merge(List.of(key, VALID_FROM),
        Scope.all("versions from " + from + " on, and the one in effect the day before"),
        (m, target) -> m.whenMatched(
                not(target.apply(VALID_TO).eqNullSafe(LakeTable.source(VALID_TO)))
                    .or(target.apply(ATTR_HASH).notEqual(LakeTable.source(ATTR_HASH))))
            .updateAll()
            .whenNotMatched().insertAll()
            // versions from the window on that the recomputed chain no longer has
            .whenNotMatchedBySource(target.apply(VALID_FROM).geq(lit(from))).delete());
    return Write.merge(dimension, merge)
        .from(List.of(snapshots), reads -> versions(reads.target().filter(inEffectBefore(from)), reads.get(snapshots)));
  }

  /**
   * The versions from a date on, recomputed from {@code known} (dimension rows: the version in
   * effect on the day before, see {@link #inEffectBefore}) and the {@code snapshots} from that
   * date on, to the latest, at most one per key and date. Consecutive equal states (by hash)
   * collapse into one version; each version is valid until the next starts. The rows are the key,
   * the attributes and the version columns, in that order.
   */
  public Dataset<Row> versions(Dataset<Row> known, Dataset<Row> snapshots) {
    List<String> snapshotColumns = new ArrayList<>(List.of(key));
    snapshotColumns.addAll(attributes);
    List<String> knownColumns = new ArrayList<>(snapshotColumns);
    snapshotColumns.add(snapshotDate);
    knownColumns.add(VALID_FROM);
    Transforms.requireColumns("build SCD2 versions", snapshots, snapshotColumns);
    Transforms.requireColumns("build SCD2 versions", known, knownColumns);
    Dataset<Row> seq = known.select(state(VALID_FROM)).unionByName(snapshots.select(state(snapshotDate)))
        .withColumn(ATTR_HASH, attributeHash());
    WindowSpec byDay = Window.partitionBy(key).orderBy(DAY);
    List<String> out = new ArrayList<>(List.of(key));
    out.addAll(attributes);
    out.addAll(List.of(ATTR_HASH, VALID_FROM, VALID_TO, IS_CURRENT));
    return seq.withColumn(PREVIOUS, lag(col(ATTR_HASH), 1).over(byDay))
        .filter(col(PREVIOUS).isNull().or(col(PREVIOUS).notEqual(col(ATTR_HASH))))
        .withColumn(VALID_TO, lead(col(DAY), 1).over(byDay))
        .withColumn(IS_CURRENT, col(VALID_TO).isNull())
        .withColumnRenamed(DAY, VALID_FROM)
        .select(out.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private Column[] state(String day) {
    List<Column> columns = new ArrayList<>(List.of(col(key)));
    attributes.forEach(a -> columns.add(col(a)));
    columns.add(col(day).as(DAY));
    return columns.toArray(Column[]::new);
  }

  /**
   * Hash of the tracked attributes, each as text, NULL distinct from every value: a version
   * changes when it changes.
   */
  public Column attributeHash() {
    return sha2(concat_ws("\u0001", attributes.stream().map(a -> coalesce(col(a).cast(DataTypes.StringType), lit("\u0000"))).toArray(Column[]::new)), 256);
  }

  /** Dimension rows in effect on the day before {@code date}: the start of a chain rebuilt from {@code date} on. */
  public static Column inEffectBefore(LocalDate date) {
    Column start = lit(date);
    return col(VALID_FROM).lt(start).and(col(VALID_TO).isNull().or(col(VALID_TO).geq(start)));
  }
}
