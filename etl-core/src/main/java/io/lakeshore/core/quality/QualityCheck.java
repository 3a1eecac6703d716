package io.lakeshore.core.quality;

import static org.apache.spark.sql.functions.col;
import org.apache.spark.sql.functions;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lakeshore.core.transform.Transforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies a list of {@link Expectation}s to a dataset in one pass.
 *
 * <p>{@link #classify} tags each row with the first blocking rule it violates (declaration order
 * decides: put structural rules first), its reason and action; warnings are flagged
 * separately and never block. {@link #count} computes every rule's count and any extra metrics
 * in one aggregation. Then {@link #valid} and {@link #quarantined} split the rows, so that each
 * input row ends in exactly one place. Persist the classified dataset when it feeds several
 * writes.
 */
public final class QualityCheck {
  public static final String RULE = "_dq_rule";
  public static final String REASON = "_dq_reason";
  public static final String ACTION = "_dq_action";
  private static final String WARN_PREFIX = "_dq_warn_";
  private static final String ROWS = "_dq_rows";
  private static final String FIRST_VIOLATED = "_dq_first";

  private final List<Expectation> rules;

  private QualityCheck(List<Expectation> rules) {
    Set<String> names = new LinkedHashSet<>();
    for (Expectation rule : rules) {
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException("Cannot declare expectations: duplicate rule name " + rule.name());
      }
    }
    this.rules = List.copyOf(rules);
  }

  public static QualityCheck of(List<Expectation> rules) {
    return new QualityCheck(rules);
  }

  public static QualityCheck of(Expectation... rules) {
    return new QualityCheck(List.of(rules));
  }

  public List<Expectation> rules() {
    return rules;
  }

  /** Adds {@link #RULE}, {@link #REASON}, {@link #ACTION} and one flag per warning rule. */
  public Dataset<Row> classify(Dataset<Row> input) {
    Set<String> needed = new LinkedHashSet<>();
    rules.forEach(r -> needed.addAll(r.columns()));
    Transforms.requireColumns("check expectations", input, needed);
    Dataset<Row> prepared = input;
    for (Expectation rule : rules) {
      prepared = rule.prepare(prepared);
    }
    // The conditions are evaluated in one chain, which stops at the first violated rule (the one
    // reported); rule, reason and action then follow from its position. The reason, often built
    // from the row, is computed only for rejected rows.
    List<Expectation> blocking = rules.stream().filter(r -> r.action() != Action.WARN).toList();
    Column first = lit(null).cast("int");
    Column rule = lit(null).cast("string");
    Column reason = lit(null).cast("string");
    Column action = lit(null).cast("string");
    Column index = col(FIRST_VIOLATED);
    for (int i = 0; i < blocking.size(); i++) {
      Expectation r = blocking.get(i);
      boolean head = i == 0;
      first = head ? when(r.violated(), lit(i)) : first.when(r.violated(), lit(i));
      rule = head ? when(index.equalTo(i), lit(r.name())) : rule.when(index.equalTo(i), lit(r.name()));
      reason = head ? when(index.equalTo(i), r.reason()) : reason.when(index.equalTo(i), r.reason());
      action = head ? when(index.equalTo(i), lit(r.action().name())) : action.when(index.equalTo(i), lit(r.action().name()));
    }
    Dataset<Row> classified = prepared.withColumn(FIRST_VIOLATED, first)
        .withColumn(RULE, rule).withColumn(REASON, reason).withColumn(ACTION, action).drop(FIRST_VIOLATED);
    for (Expectation r : rules) {
      if (r.action() == Action.WARN) {
        classified = classified.withColumn(WARN_PREFIX + r.name(), r.violated());
      }
    }
    return classified;
  }

  /** The condition of a row that no blocking rule rejected. */
  public Column isValid() {
    return col(RULE).isNull();
  }

  /**
   * Counts rows, violations per rule and the given extra metrics in a single aggregation over
   * the classified rows. A row is counted under the first blocking rule it violates; warnings are
   * counted on every row that violates them.
   */
  public QualityCounts count(Dataset<Row> classified, Map<String, Column> extraMetrics) {
    List<Column> aggs = aggregates(extraMetrics);
    Row row = classified.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    return counts(row, 0, extraMetrics);
  }

  /**
   * As {@link #count(Dataset, Map)}, and the same figures for each value of {@code partition}
   * (the column the run window selects, e.g. {@code ingest_date}), still in one aggregation: a
   * rollup, whose total row gives the window's figures (distinct counts included).
   */
  public QualityCounts count(Dataset<Row> classified, String partition, Map<String, Column> extraMetrics) {
    List<Column> aggs = new ArrayList<>(aggregates(extraMetrics));
    aggs.add(functions.grouping(col(partition)).as("_dq_total"));
    List<Row> rows = classified.rollup(col(partition))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .collectAsList(); // one row per partition of the window, and the total
    int totalFlag = aggs.size();
    QualityCounts total = null;
    Map<String, QualityCounts> byPartition = new java.util.TreeMap<>();
    for (Row row : rows) {
      QualityCounts counts = counts(row, 1, extraMetrics);
      if (row.getByte(totalFlag) == 1) {
        total = counts;
      } else {
        byPartition.put(String.valueOf(row.get(0)), counts);
      }
    }
    if (total == null) { // a rollup of no rows has no total row either; counts of nothing are 0
      Map<String, Object> extras = new LinkedHashMap<>();
      extraMetrics.keySet().forEach(name -> extras.put(name, 0L));
      total = new QualityCounts(0, rules, zeros(), extras, Map.of());
    }
    return total.withPartitions(partition, byPartition);
  }

  private Map<String, Long> zeros() {
    Map<String, Long> zeros = new LinkedHashMap<>();
    rules.forEach(r -> zeros.put(r.name(), 0L));
    return zeros;
  }

  private List<Column> aggregates(Map<String, Column> extraMetrics) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.count(lit(1)).as(ROWS));
    for (Expectation r : rules) {
      Column violated =
          r.action() == Action.WARN ? col(WARN_PREFIX + r.name()) : col(RULE).equalTo(lit(r.name()));
      aggs.add(functions.count(when(violated, lit(1))).as("_dq_count_" + r.name()));
    }
    extraMetrics.forEach((name, metric) -> aggs.add(metric.as("_dq_extra_" + name)));
    return aggs;
  }

  /** Reads the figures of {@link #aggregates} starting at column {@code offset} of {@code row}. */
  private QualityCounts counts(Row row, int offset, Map<String, Column> extraMetrics) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      byRule.put(rules.get(i).name(), row.getLong(offset + i + 1));
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    int i = offset + rules.size() + 1;
    for (String name : extraMetrics.keySet()) {
      extras.put(name, row.get(i++));
    }
    return new QualityCounts(row.getLong(offset), rules, byRule, extras, Map.of());
  }

  /** Rows no blocking rule rejected, without the classification columns. */
  public Dataset<Row> valid(Dataset<Row> classified) {
    return withoutHelpers(classified.filter(isValid()));
  }

  /**
   * Rows to quarantine, in the quarantine table's shape before audit columns: rule, reason, the
   * raw record (valid UTF-8 text), the raw bytes of a record that did not decode, and the ingest
   * date.
   */
  public Dataset<Row> quarantined(Dataset<Row> classified, Column rawRecord, Column ingestDate) {
    return quarantined(classified, rawRecord, lit(null).cast("binary"), ingestDate);
  }

  /** As {@link #quarantined(Dataset, Column, Column)}, keeping the bytes of records that did not decode. */
  public Dataset<Row> quarantined(Dataset<Row> classified, Column rawRecord, Column rawBytes, Column ingestDate) {
    return classified
        .filter(col(ACTION).equalTo(lit(Action.QUARANTINE.name())))
        .select(
            col(RULE).as(Quarantine.RULE),
            // every reader can read the table: text that is not valid UTF-8 goes to raw_bytes
            functions.make_valid_utf8(col(REASON)).as(Quarantine.REASON),
            functions.make_valid_utf8(rawRecord.cast("string")).as(Quarantine.RAW_RECORD),
            rawBytes.cast("binary").as(Quarantine.RAW_BYTES),
            ingestDate.as(Quarantine.INGEST_DATE));
  }

  private static Dataset<Row> withoutHelpers(Dataset<Row> rows) {
    String[] helpers =
        java.util.Arrays.stream(rows.columns()).filter(Expectations::isHelper).toArray(String[]::new);
    return rows.drop(helpers);
  }
}
