package io.lakeshore.telemetry.datagen;

/**
 * What a device measures, in the unit its registry row declares, with the sensor's physical range
 * and the band true readings are drawn from (a daily cycle around a per-device base).
 */
public enum SensorType {
  TEMPERATURE("C", -40, 125, 15, 27, 3),
  HUMIDITY("%", 0, 100, 35, 60, 10),
  PRESSURE("hPa", 300, 1100, 990, 1030, 2);

  /**
   * The highest plausible calibrated °C reading: true readings stay below 31 °C, and any of them
   * sent in °F is above 51, so the band between tells a unit mix-up apart.
   */
  public static final double PLAUSIBLE_CELSIUS_MAX = 45;

  private final String unit;
  private final double min;
  private final double max;
  final double baseLow;
  final double baseHigh;
  final double dailySwing;

  SensorType(String unit, double min, double max, double baseLow, double baseHigh, double dailySwing) {
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.baseLow = baseLow;
    this.baseHigh = baseHigh;
    this.dailySwing = dailySwing;
  }

  /** The unit declared in the registry and by every well-behaved reading. */
  public String unit() {
    return unit;
  }

  /** The lowest value the sensor can report. */
  public double min() {
    return min;
  }

  /** The highest value the sensor can report. */
  public double max() {
    return max;
  }

  /** The name used in the registry file. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
