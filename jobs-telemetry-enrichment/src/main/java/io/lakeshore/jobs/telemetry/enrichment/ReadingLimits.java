package io.lakeshore.jobs.telemetry.enrichment;

import io.lakeshore.core.config.JobSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reading rules accept, from {@code lakeshore.jobs.telemetry-enrichment}.
 *
 * @param lookbackDays how many days after its reading date a reading may land
 * @param clockToleranceSeconds how far a device's clock may run ahead of the receiver's
 * @param plausibleCelsiusMax the highest plausible calibrated temperature: a °F value sent as °C lands above it
 * @param ranges the physical range {@code [min, max]} of each sensor type, in the registry's unit;
 *     its keys are the known sensor types
 */
public record ReadingLimits(int lookbackDays, int clockToleranceSeconds, double plausibleCelsiusMax, Map<String, List<Double>> ranges) {
  public ReadingLimits {
    if (lookbackDays < 0) {
      throw new IllegalArgumentException(
          "Cannot configure " + TelemetryEnrichmentJob.NAME + ": lookback-days must be >= 0, cannot be: " + lookbackDays);
    }
    ranges.forEach((type, range) -> {
      if (range.size() != 2 || range.get(0) >= range.get(1)) {
        throw new IllegalArgumentException(
            "Cannot configure " + TelemetryEnrichmentJob.NAME + ": sensor-ranges." + type + " must be [min, max] with min < max, cannot be: " + range);
      }
    });
    ranges = Map.copyOf(ranges);
  }

  /** The shipped defaults (reference.conf), for tests. */
  public static ReadingLimits defaults(int lookbackDays) {
    return new ReadingLimits(lookbackDays, 300, 45,
        Map.of("temperature", List.of(-40.0, 125.0), "humidity", List.of(0.0, 100.0), "pressure", List.of(300.0, 1100.0)));
  }

  static ReadingLimits from(JobSettings job) {
    JobSettings types = job.section("sensor-ranges");
    Map<String, List<Double>> ranges = new LinkedHashMap<>();
    for (String type : types.keys()) {
      JobSettings range = types.section(type);
      ranges.put(type, List.of(range.doubleValue("min", -1e6, 1e6), range.doubleValue("max", -1e6, 1e6)));
    }
    return new ReadingLimits(job.intValue("lookback-days", 0, 3650), job.intValue("clock-tolerance-seconds", 0, 86_400),
        job.doubleValue("plausible-celsius-max", -100, 1000), ranges);
  }

  /** The known sensor types, sorted: a device of another type is rejected. */
  public List<String> sensorTypes() {
    return ranges.keySet().stream().sorted().toList();
  }
}
