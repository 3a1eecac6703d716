package io.lakeshore.core.job;

import static org.apache.spark.sql.functions.col;

import io.lakeshore.core.quality.Expectation;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A raw entity loaded into a table, as a declaration: read the window's files, parse, check the
 * expectations, deduplicate, map to the table's rows, and replace the window's partitions of the
 * table and of the entity's quarantine. The library classifies every row in one pass, counts every
 * rule in one aggregation, reconciles ({@code read = written + quarantined + deduplicated +
 * dropped}), checks the table's gates for every load of the job, and only then commits. Immutable;
 * each method returns a changed copy.
 *
 * <pre>{@code
 * Load.from(CUSTOMERS_CSV).into(GOLDEN_CUSTOMERS, Scope.dates("snapshot_date", window))
 *     .expect(notNull("customer_id_present", "customer_id"))
 *     .dedupeBy("customer_id", "ingest_date")
 *     .map(valid -> valid.withColumn("snapshot_date", col("ingest_date")))
 * }</pre>
 *
 * <p>The input's structural rules ({@code valid_encoding}, {@code well_formed}) come before the
 * declared ones. The rows a map receives keep {@link RawInput#RAW_RECORD}, {@link
 * RawInput#INGEST_DATE} and the parsed fields; extra columns are dropped when the rows are
 * projected to the table.
 */
public final class Load implements Step {
  private final RawInput input;
  private final UnaryOperator<Dataset<Row>> parse;
  private final List<Function<Loaded, List<Expectation>>> rules;
  private final List<String> keys;
  private final List<Column> order;
  private final TableSpec target;
  private final Scope scope;
  private final UnaryOperator<Dataset<Row>> map;
  private final List<Read> lookups;

  private Load(
      RawInput input, UnaryOperator<Dataset<Row>> parse, List<Function<Loaded, List<Expectation>>> rules,
      List<String> keys, List<Column> order, TableSpec target, Scope scope, UnaryOperator<Dataset<Row>> map,
      List<Read> lookups) {
    this.input = Objects.requireNonNull(input, "input is null");
    this.parse = Objects.requireNonNull(parse, "parse is null");
    this.rules = List.copyOf(rules);
    this.keys = List.copyOf(keys);
    this.order = List.copyOf(order);
    this.target = target;
    this.scope = scope;
    this.map = Objects.requireNonNull(map, "map is null");
    this.lookups = List.copyOf(lookups);
  }

  /** A load of {@code input}; parsed by {@link RawInput#parse} until {@link #parse} says otherwise. */
  public static Load from(RawInput input) {
    return new Load(input, input::parse, List.of(), List.of(), List.of(col(RawInput.RAW_RECORD)), null, null, UnaryOperator.identity(), List.of());
  }

  /** The table the valid rows go to and the part of it a run replaces. */
  public Load into(TableSpec table, Scope replaced) {
    return new Load(input, parse, rules, keys, order, Objects.requireNonNull(table, "table is null"),
        Objects.requireNonNull(replaced, "replaced is null"), map, lookups);
  }

  /** How lines become rows: {@link RawInput#parse} and then typing, e.g. {@code try_cast} of text fields. */
  public Load parse(UnaryOperator<Dataset<Row>> parse) {
    return new Load(input, parse, rules, keys, order, target, scope, map, lookups);
  }

  /** Adds expectations, checked in the order declared (the first a row violates is reported). */
  public Load expect(List<Expectation> expectations) {
    List<Expectation> fixed = List.copyOf(expectations);
    return expect(loaded -> fixed);
  }

  /**
   * Adds expectations that look rows up in earlier steps (a reference to a dimension loaded
   * before) or in the table slices declared with {@link #lookingUp}.
   */
  public Load expect(Function<Loaded, List<Expectation>> expectations) {
    List<Function<Loaded, List<Expectation>>> all = new ArrayList<>(rules);
    all.add(expectations);
    return new Load(input, parse, all, keys, order, target, scope, map, lookups);
  }

  /**
   * Declares table slices the rules read through {@link Loaded#read}: each is read once per run,
   * shown by the dry run, and part of the backfill's staleness check unless this plan writes it.
   * For example the snapshots of a dimension from the days before the window, which late rows
   * are checked against.
   */
  public Load lookingUp(Read... reads) {
    List<Read> all = new ArrayList<>(lookups);
    all.addAll(List.of(reads));
    return new Load(input, parse, rules, keys, order, target, scope, map, all);
  }

  /** Keeps one valid row per key; the first by {@link #preferring} (the raw record's text by default). */
  public Load dedupeBy(String... keys) {
    return new Load(input, parse, rules, List.of(keys), order, target, scope, map, lookups);
  }

  /** The order in which duplicates are ranked, best first: give a total order for a deterministic result. */
  public Load preferring(Column... order) {
    return new Load(input, parse, rules, keys, List.of(order), target, scope, map, lookups);
  }

  /** From valid, deduplicated rows to the table's rows (audit columns are added by the library). */
  public Load map(UnaryOperator<Dataset<Row>> map) {
    return new Load(input, parse, rules, keys, order, target, scope, map, lookups);
  }

  public RawInput input() {
    return input;
  }

  public TableSpec target() {
    return target;
  }

  public Scope scope() {
    return scope;
  }

  public List<String> keys() {
    return keys;
  }

  /** The table slices the rules look up, as declared with {@link #lookingUp}. */
  public List<Read> lookups() {
    return lookups;
  }

  UnaryOperator<Dataset<Row>> parser() {
    return parse;
  }

  List<Expectation> expectations(Loaded loaded) {
    List<Expectation> all = new ArrayList<>(input.rules());
    rules.forEach(r -> all.addAll(r.apply(loaded)));
    return all;
  }

  List<Column> order() {
    return order;
  }

  UnaryOperator<Dataset<Row>> mapper() {
    return map;
  }

  /** Fails on a load declared without a table. */
  void validate() {
    if (target == null) {
      throw new IllegalStateException("Cannot run the load of raw " + input.entity() + ": no table declared (use into(table, scope))");
    }
  }

  @Override
  public String toString() {
    return "load raw " + input.entity() + " into " + (target == null ? "?" : target.id());
  }
}
