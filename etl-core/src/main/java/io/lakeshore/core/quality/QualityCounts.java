package io.lakeshore.core.quality;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link QualityCheck#count}: rows seen, violations per rule, and extra metrics.
 */
public final class QualityCounts {
  private final long rows;
  private final List<Expectation> rules;
  private final Map<String, Long> byRule;
  private final Map<String, Object> extras;
  private final String partitionColumn;
  private final Map<String, QualityCounts> partitions;

  QualityCounts(
      long rows, List<Expectation> rules, Map<String, Long> byRule, Map<String, Object> extras,
      Map<String, QualityCounts> partitions) {
    this(rows, rules, byRule, extras, null, partitions);
  }

  private QualityCounts(
      long rows, List<Expectation> rules, Map<String, Long> byRule, Map<String, Object> extras,
      String partitionColumn, Map<String, QualityCounts> partitions) {
    this.rows = rows;
    this.rules = rules;
    this.byRule = Map.copyOf(byRule);
    this.extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
    this.partitionColumn = partitionColumn;
    this.partitions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(partitions));
  }

  QualityCounts withPartitions(String column, Map<String, QualityCounts> byPartition) {
    return new QualityCounts(rows, rules, byRule, extras, column, byPartition);
  }

  /** The column the figures are broken down by, or null when they are not. */
  public String partitionColumn() {
    return partitionColumn;
  }

  /**
   * The same figures per value of {@link #partitionColumn()} (as text, e.g. {@code 2026-01-01}),
   * in order; a value with no rows is absent. Empty unless counted by partition.
   */
  public Map<String, QualityCounts> partitions() {
    return partitions;
  }

  /** Rows that no blocking rule took out: neither quarantined, dropped nor failed. */
  public long valid() {
    return rows - withAction(Action.QUARANTINE) - withAction(Action.DROP) - withAction(Action.FAIL);
  }

  public long rows() {
    return rows;
  }

  /** Violations of one rule. */
  public long violations(String rule) {
    Long n = byRule.get(rule);
    if (n == null) {
      throw new IllegalArgumentException("Cannot count violations: no rule named " + rule);
    }
    return n;
  }

  /** Every rule with at least one violation, in declaration order. */
  public Map<String, Long> violations() {
    java.util.LinkedHashMap<String, Long> out = new java.util.LinkedHashMap<>();
    rules.forEach(r -> {
      long n = byRule.get(r.name());
      if (n > 0) {
        out.put(r.name(), n);
      }
    });
    return out;
  }

  /** Rows that the rules with {@code action} took out (or, for WARN, flagged). */
  public long withAction(Action action) {
    return rules.stream().filter(r -> r.action() == action).mapToLong(r -> byRule.get(r.name())).sum();
  }

  /** An extra metric by name, as counted (a Long, a Timestamp, …). */
  public Object extraValue(String name) {
    if (!extras.containsKey(name)) {
      throw new IllegalArgumentException("Cannot read metric: no metric named " + name);
    }
    return extras.get(name);
  }

  /** An extra metric by name, as a long. */
  public long extra(String name) {
    Object value = extras.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Cannot read metric: no metric named " + name);
    }
    return ((Number) value).longValue();
  }

  /** Throws if a rule whose action is FAIL was violated: call before any commit. */
  public void failIfBlocked(String what) {
    for (Expectation r : rules) {
      if (r.action() == Action.FAIL && byRule.get(r.name()) > 0) {
        throw new QualityException(
            "Cannot commit " + what + ": expectation " + r.name() + " failed on " + byRule.get(r.name())
                + " of " + rows + " rows (action FAIL)");
      }
    }
  }
}
