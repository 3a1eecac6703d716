package io.lakeshore.datagen;

/** A fault the generator injects, and the expectation the enrichment job must catch it with. */
public enum Fault {
  MALFORMED("well_formed"),
  MISSING_CUSTOMER("customer_id_present"),
  WRONG_TYPE("amount_is_number"),
  NEGATIVE_AMOUNT("amount_non_negative"),
  UNKNOWN_CUSTOMER("customer_exists"),
  TOO_LATE("order_within_lateness"),
  /** Not a quarantine: the second copy is counted as deduplicated. */
  DUPLICATE(null);

  private final String rule;

  Fault(String rule) {
    this.rule = rule;
  }

  /** The expectation that quarantines it, or null for duplicates. */
  public String rule() {
    return rule;
  }
}
