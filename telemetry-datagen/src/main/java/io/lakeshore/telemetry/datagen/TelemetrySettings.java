package io.lakeshore.telemetry.datagen;

/**
 * Sizes, seed and fault rates of generated telemetry. Rates are fractions of a date's reading
 * slots (devices × readingsPerDay); the quarantined faults are exclusive (a slot carries at most
 * one); a slot without a fault may be delivered late, too late, or twice.
 *
 * @param seed makes every value reproducible
 * @param devices size of the fleet
 * @param sites sites the devices are placed at (and move between)
 * @param readingsPerDay readings per device per date, evenly spaced: must divide 86400
 * @param malformedRate lines that are not JSON
 * @param outOfRangeRate values beyond the sensor's physical range
 * @param unitMixupRate temperatures sent in °F (only temperature devices; other slots stay valid)
 * @param clockSkewRate readings stamped after they were received
 * @param unknownDeviceRate readings from a device not in the registry
 * @param duplicateRate valid readings delivered twice
 * @param lateRate valid readings delivered 1..lookbackDays days after their date
 * @param tooLateRate valid readings delivered lookbackDays+1..lookbackDays+10 days after their date
 * @param lookbackDays the horizon the jobs accept late readings within
 */
public record TelemetrySettings(
    long seed,
    int devices,
    int sites,
    int readingsPerDay,
    double malformedRate,
    double outOfRangeRate,
    double unitMixupRate,
    double clockSkewRate,
    double unknownDeviceRate,
    double duplicateRate,
    double lateRate,
    double tooLateRate,
    int lookbackDays) {

  /** How many days beyond the lookback a too-late reading may be. */
  static final int TOO_LATE_SPAN = 10;

  public TelemetrySettings {
    if (devices < 1 || sites < 1) {
      throw new IllegalArgumentException("Cannot generate: devices and sites must be at least 1, got " + devices + ", " + sites);
    }
    if (readingsPerDay < 1 || 86_400 % readingsPerDay != 0) {
      throw new IllegalArgumentException("Cannot generate: readings per day must divide 86400, cannot be: " + readingsPerDay);
    }
    double[] rates = {malformedRate, outOfRangeRate, unitMixupRate, clockSkewRate, unknownDeviceRate, duplicateRate, lateRate, tooLateRate};
    for (double rate : rates) {
      if (rate < 0 || rate > 1) {
        throw new IllegalArgumentException("Cannot generate: a rate must be in [0, 1], cannot be: " + rate);
      }
    }
    double faults = malformedRate + outOfRangeRate + unitMixupRate + clockSkewRate + unknownDeviceRate;
    if (faults > 1) {
      throw new IllegalArgumentException("Cannot generate: fault rates add up to more than 1: " + faults);
    }
    if (lateRate + tooLateRate > 1) {
      throw new IllegalArgumentException("Cannot generate: late and too-late rates add up to more than 1: " + (lateRate + tooLateRate));
    }
    if (lookbackDays < 1) {
      throw new IllegalArgumentException("Cannot generate: lookback days must be at least 1, cannot be: " + lookbackDays);
    }
  }

  /** Seconds between two readings of a device. */
  int intervalSeconds() {
    return 86_400 / readingsPerDay;
  }

  /** Realistic defaults: a reading every 15 minutes, about 1% of each fault, 2% duplicates, 3% late, 3 days of lookback. */
  public static TelemetrySettings defaults(int devices) {
    return new TelemetrySettings(42L, devices, Math.max(2, devices / 10), 96, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.03, 0.005, 3);
  }

  /** The same settings for jobs that accept readings {@code days} late: late ones land within it, too-late ones beyond it. */
  public TelemetrySettings withLookbackDays(int days) {
    return new TelemetrySettings(seed, devices, sites, readingsPerDay, malformedRate, outOfRangeRate, unitMixupRate, clockSkewRate,
        unknownDeviceRate, duplicateRate, lateRate, tooLateRate, days);
  }
}
