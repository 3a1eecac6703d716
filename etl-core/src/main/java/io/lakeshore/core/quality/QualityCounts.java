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

  QualityCounts(long rows, List<Expectation> rules, Map<String, Long> byRule, Map<String, Object> extras) {
    this.rows = rows;
    this.rules = rules;
    this.byRule = Map.copyOf(byRule);
    this.extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
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
