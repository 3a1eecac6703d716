package io.lakeshore.telemetry.datagen;

import io.lakeshore.core.raw.RawLanding;
import io.lakeshore.core.raw.RawZone;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lands one date of raw telemetry in the raw zone: the device registry as of that date
 * ({@code devices/date=D/devices.csv}: {@code device_id,site_id,sensor_type,unit,calibration_offset})
 * and the readings received that date ({@code readings/date=D/readings.jsonl}: {@code device_id,
 * value, unit, reading_ts, received_ts}), in the order they were received, so reading times run
 * out of order.
 *
 * <p>Deterministic: every value is derived from the seed and a reading slot (device, date, slot),
 * never from what was generated before, so a date regenerated alone equals the same date of a
 * range, and a slot delivered late appears only on the date it lands. The registry changes over
 * time: each device has a site period (7..66 days) and a calibration period (10..59 days), and its
 * site and offset are drawn per period. Devices report the uncalibrated value: true value minus
 * the offset of the reading's date.
 *
 * <p>A date's readings are held in memory to sort them by arrival (devices × readingsPerDay lines,
 * about 2 MB for 200 devices at the default 96 a day). A date's folders are written beside and
 * renamed into place, replacing what was there.
 */
public final class TelemetryGenerator {
  public static final String UNKNOWN_DEVICE_PREFIX = "D-UNKNOWN-";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final TelemetrySettings settings;

  public TelemetryGenerator(TelemetrySettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings is null");
  }

  /** Writes both files of {@code date} below {@code rawRoot} (a local folder or file: URI). */
  public TelemetryManifest generate(String rawRoot, LocalDate date) {
    RawZone raw = new RawZone(rawRoot);
    try {
      long deviceRows = writeRegistry(raw, date);
      return writeReadings(raw, date, deviceRows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate telemetry for " + date + ": " + e.getMessage(), e);
    }
  }

  // ---- registry ---------------------------------------------------------------------------

  /** One device as the registry of a date describes it. */
  record Device(String id, String site, SensorType type, double offset) {
    String csv() {
      return id + "," + site + "," + type.label() + "," + type.unit() + "," + decimal(offset);
    }
  }

  Device device(int d, LocalDate date) {
    SplittableRandom fixed = random(31, d);
    SensorType type = SensorType.values()[fixed.nextInt(SensorType.values().length)];
    int sitePeriod = 7 + fixed.nextInt(60);
    int calibrationPeriod = 10 + fixed.nextInt(50);
    long siteEpoch = (date.toEpochDay() + fixed.nextInt(sitePeriod)) / sitePeriod;
    long calibrationEpoch = (date.toEpochDay() + fixed.nextInt(calibrationPeriod)) / calibrationPeriod;
    String site = siteId(1 + random(37, d * 1_000_003L + siteEpoch).nextInt(settings.sites()));
    // offsets within ±0.50 (±2.00 hPa): small enough to keep true readings in their bands
    double scale = type == SensorType.PRESSURE ? 2 : 0.5;
    double offset = Math.round((random(41, d * 1_000_003L + calibrationEpoch).nextDouble() * 2 - 1) * scale * 100) / 100.0;
    return new Device(deviceId(d), site, type, offset);
  }

  private long writeRegistry(RawZone raw, LocalDate date) throws IOException {
    RawLanding landing = RawLanding.begin(raw, "devices", date);
    Path staging = landing.staging();
    try (BufferedWriter out = Files.newBufferedWriter(staging.resolve("devices.csv"), StandardCharsets.UTF_8)) {
      out.write("device_id,site_id,sensor_type,unit,calibration_offset");
      out.newLine();
      for (int d = 1; d <= settings.devices(); d++) {
        out.write(device(d, date).csv());
        out.newLine();
      }
    }
    landing.publish();
    return settings.devices();
  }

  // ---- readings ---------------------------------------------------------------------------

  /**
   * What happens to one reading slot, decided by the slot's own random: one quarantined fault, or
   * a delay in days (0 on time) and whether it is delivered twice. {@code r} goes on to draw the
   * values, in a fixed order.
   */
  private record Slot(TelemetryFault fault, int delayDays, boolean duplicate, SplittableRandom r) {}

  private Slot slot(int d, LocalDate date, int s, SensorType type) {
    SplittableRandom r = random(43, (date.toEpochDay() * 1_000_003L + d) * 100_003L + s);
    TelemetrySettings c = settings;
    double x = r.nextDouble();
    double y = r.nextDouble();
    double z = r.nextDouble();
    double t = c.malformedRate();
    TelemetryFault fault = null;
    if (x < t) {
      fault = TelemetryFault.MALFORMED;
    } else if (x < (t += c.outOfRangeRate())) {
      fault = TelemetryFault.OUT_OF_RANGE;
    } else if (x < (t += c.unitMixupRate())) {
      // only a temperature can be sent in the wrong unit; other sensors report normally
      fault = type == SensorType.TEMPERATURE ? TelemetryFault.UNIT_MIXUP : null;
    } else if (x < (t += c.clockSkewRate())) {
      fault = TelemetryFault.CLOCK_SKEW;
    } else if (x < (t += c.unknownDeviceRate())) {
      fault = TelemetryFault.UNKNOWN_DEVICE;
    }
    if (fault != null) {
      return new Slot(fault, 0, false, r);
    }
    int delay = 0;
    if (y < c.lateRate()) {
      delay = 1 + r.nextInt(c.lookbackDays());
    } else if (y < c.lateRate() + c.tooLateRate()) {
      delay = c.lookbackDays() + 1 + r.nextInt(TelemetrySettings.TOO_LATE_SPAN);
    }
    return new Slot(null, delay, z < c.duplicateRate() && delay <= c.lookbackDays(), r);
  }

  private record Line(long received, String text) {}

  private TelemetryManifest writeReadings(RawZone raw, LocalDate date, long deviceRows) throws IOException {
    Map<TelemetryFault, List<String>> faults = new EnumMap<>(TelemetryFault.class);
    for (TelemetryFault f : TelemetryFault.values()) {
      faults.put(f, new ArrayList<>());
    }
    List<String> late = new ArrayList<>();
    List<Line> lines = new ArrayList<>();
    long dayStart = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    int maxDelay = settings.lookbackDays() + TelemetrySettings.TOO_LATE_SPAN;
    // delay 0: this date's own slots; delay k: slots of date - k held back until today
    for (int k = 0; k <= maxDelay; k++) {
      LocalDate readingDate = date.minusDays(k);
      for (int d = 1; d <= settings.devices(); d++) {
        Device device = device(d, readingDate);
        for (int s = 0; s < settings.readingsPerDay(); s++) {
          Slot slot = slot(d, readingDate, s, device.type());
          if (slot.delayDays() != k) {
            continue;
          }
          long readingTs = readingDate.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + (long) s * settings.intervalSeconds();
          SplittableRandom r = slot.r();
          double value = trueValue(d, device.type(), s, r) - device.offset();
          // on time: a few minutes after the reading, within the date; late: any time today
          long received = k == 0 ? Math.min(readingTs + 1 + r.nextInt(300), dayStart + 86_399) : dayStart + r.nextInt(86_400);
          String id = device.id();
          String unit = device.type().unit();
          TelemetryFault fault = slot.fault();
          if (fault == TelemetryFault.OUT_OF_RANGE) {
            value = r.nextBoolean() ? device.type().max() + 1 + r.nextInt(100) : device.type().min() - 1 - r.nextInt(100);
          } else if (fault == TelemetryFault.UNIT_MIXUP) {
            value = value * 9 / 5 + 32;
          } else if (fault == TelemetryFault.CLOCK_SKEW) {
            readingTs = received + 3_600 + r.nextInt(47 * 3_600);
          } else if (fault == TelemetryFault.UNKNOWN_DEVICE) {
            id = UNKNOWN_DEVICE_PREFIX + d + "-" + s;
          } else if (k > settings.lookbackDays()) {
            fault = TelemetryFault.TOO_LATE;
          } else if (k > 0) {
            late.add(key(id, readingTs));
          }
          String text = json(id, value, unit, readingTs, received);
          if (fault == TelemetryFault.MALFORMED) {
            text = text.substring(0, text.length() / 2);
            faults.get(fault).add(text);
          } else if (fault != null) {
            faults.get(fault).add(key(id, readingTs));
          }
          lines.add(new Line(received, text));
          if (slot.duplicate()) {
            long again = Math.min(received + 1 + r.nextInt(600), dayStart + 86_399);
            lines.add(new Line(again, json(id, value, unit, readingTs, again)));
            faults.get(TelemetryFault.DUPLICATE).add(key(id, readingTs));
          }
        }
      }
    }
    lines.sort(Comparator.comparingLong(Line::received).thenComparing(Line::text));
    RawLanding landing = RawLanding.begin(raw, "readings", date);
    Path staging = landing.staging();
    try (BufferedWriter out = Files.newBufferedWriter(staging.resolve("readings.jsonl"), StandardCharsets.UTF_8)) {
      for (Line line : lines) {
        out.write(line.text());
        out.newLine();
      }
    }
    landing.publish();
    List<String> moved = new ArrayList<>();
    List<String> recalibrated = new ArrayList<>();
    for (int d = 1; d <= settings.devices(); d++) {
      Device today = device(d, date);
      Device before = device(d, date.minusDays(1));
      if (!today.site().equals(before.site())) {
        moved.add(today.id());
      }
      if (today.offset() != before.offset()) {
        recalibrated.add(today.id());
      }
    }
    return new TelemetryManifest(date, lines.size(), deviceRows, faults, late, moved, recalibrated);
  }

  /** A daily cycle (coolest at 03:00) around the device's base, with a little noise. */
  private double trueValue(int d, SensorType type, int s, SplittableRandom r) {
    double base = type.baseLow + random(47, d).nextDouble() * (type.baseHigh - type.baseLow);
    double hour = 24.0 * s / settings.readingsPerDay();
    double cycle = -Math.cos(2 * Math.PI * (hour - 3) / 24) * type.dailySwing;
    return base + cycle + (r.nextDouble() - 0.5);
  }

  /** The enrichment job's dedupe key of a reading, as the manifest names readings. */
  public static String key(String deviceId, long readingEpochSecond) {
    return deviceId + "@" + TS.format(Instant.ofEpochSecond(readingEpochSecond));
  }

  private static String json(String deviceId, double value, String unit, long readingTs, long received) {
    return "{\"device_id\":\"" + deviceId + "\",\"value\":" + decimal(value) + ",\"unit\":\"" + unit
        + "\",\"reading_ts\":\"" + TS.format(Instant.ofEpochSecond(readingTs))
        + "\",\"received_ts\":\"" + TS.format(Instant.ofEpochSecond(received)) + "\"}";
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String deviceId(int d) {
    return String.format(Locale.ROOT, "D%05d", d);
  }

  static String siteId(int s) {
    return String.format(Locale.ROOT, "S%03d", s);
  }

  private SplittableRandom random(long stream, long key) {
    long h = settings.seed() * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + key * 0x94D049BB133111EBL;
    return new SplittableRandom(h);
  }
}
