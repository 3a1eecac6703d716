package io.lakeshore.telemetry.datagen;

/** A fault the telemetry generator injects, and the expectation the enrichment job must catch it with. */
public enum TelemetryFault {
  /** Line cut in half: not JSON. The manifest holds the line itself. */
  MALFORMED("well_formed"),
  /** Beyond the sensor's physical range ({@link SensorType#min()}..{@link SensorType#max()}). */
  OUT_OF_RANGE("value_in_range"),
  /**
   * A temperature sent in °F while the line declares °C: within the physical range, but above
   * {@link SensorType#PLAUSIBLE_CELSIUS_MAX}, which no true reading reaches.
   */
  UNIT_MIXUP("celsius_plausible"),
  /** A reading_ts 1..48 hours after its received_ts: the device's clock runs ahead. */
  CLOCK_SKEW("reading_not_in_future"),
  /** A device the registry of that date does not hold. */
  UNKNOWN_DEVICE("device_exists"),
  /** A valid reading landing more than the lookback after its reading date. */
  TOO_LATE("reading_within_lookback"),
  /** Not a quarantine: a valid reading delivered a second time (same device and reading_ts, received later). */
  DUPLICATE(null);

  private final String rule;

  TelemetryFault(String rule) {
    this.rule = rule;
  }

  /** The expectation that quarantines it, or null for duplicates. */
  public String rule() {
    return rule;
  }
}
