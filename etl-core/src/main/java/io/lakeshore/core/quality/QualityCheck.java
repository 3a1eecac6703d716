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
    Column rule = lit(null).cast("string");
    Column reason = lit(null).cast("string");
    Column action = lit(null).cast("string");
    // Built back to front so that the first declared rule wins.
    List<Expectation> blocking = rules.stream().filter(r -> r.action() != Action.WARN).toList();
    for (int i = blocking.size() - 1; i >= 0; i--) {
      Expectation r = blocking.get(i);
      rule = when(r.violated(), lit(r.name())).otherwise(rule);
      reason = when(r.violated(), r.reason()).otherwise(reason);
      action = when(r.violated(), lit(r.action().name())).otherwise(action);
    }
    Dataset<Row> classified = prepared.withColumn(RULE, rule).withColumn(REASON, reason).withColumn(ACTION, action);
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
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.count(lit(1)).as(ROWS));
    for (Expectation r : rules) {
      Column violated =
          r.action() == Action.WARN ? col(WARN_PREFIX + r.name()) : col(RULE).equalTo(lit(r.name()));
      aggs.add(functions.count(when(violated, lit(1))).as("_dq_count_" + r.name()));
    }
    extraMetrics.forEach((name, metric) -> aggs.add(metric.as("_dq_extra_" + name)));
    Row row = classified.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      byRule.put(rules.get(i).name(), row.getLong(i + 1));
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    int offset = rules.size() + 1;
    int i = 0;
    for (String name : extraMetrics.keySet()) {
      extras.put(name, row.get(offset + i++));
    }
    return new QualityCounts(row.getLong(0), rules, byRule, extras);
  }

  /** Rows no blocking rule rejected, without the classification columns. */
  public Dataset<Row> valid(Dataset<Row> classified) {
    return withoutHelpers(classified.filter(isValid()));
  }

  /**
   * Rows to quarantine, in the quarantine table's shape before audit columns: rule, reason, the
   * raw record and the ingest date.
   */
  public Dataset<Row> quarantined(Dataset<Row> classified, Column rawRecord, Column ingestDate) {
    return classified
        .filter(col(ACTION).equalTo(lit(Action.QUARANTINE.name())))
        .select(
            col(RULE).as(Quarantine.RULE),
            col(REASON).as(Quarantine.REASON),
            rawRecord.cast("string").as(Quarantine.RAW_RECORD),
            ingestDate.as(Quarantine.INGEST_DATE));
  }

  private static Dataset<Row> withoutHelpers(Dataset<Row> rows) {
    String[] helpers =
        java.util.Arrays.stream(rows.columns()).filter(Expectations::isHelper).toArray(String[]::new);
    return rows.drop(helpers);
  }
}
