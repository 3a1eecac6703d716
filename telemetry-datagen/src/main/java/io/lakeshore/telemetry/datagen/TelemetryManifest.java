package io.lakeshore.telemetry.datagen;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The truth about one generated date. Readings are named by their key {@code device_id@reading_ts}
 * (the enrichment job's dedupe key), malformed lines by the line itself.
 *
 * @param readingLines lines in the readings file
 * @param deviceRows rows in the registry file (header excluded)
 * @param faults the readings carrying each fault
 * @param late valid readings of 1..lookback days before the date, landing now
 * @param moved devices whose site differs from the previous date's registry
 * @param recalibrated devices whose calibration offset differs from the previous date's registry
 */
public record TelemetryManifest(LocalDate date, long readingLines, long deviceRows, Map<TelemetryFault, List<String>> faults,
    List<String> late, List<String> moved, List<String> recalibrated) {
  public TelemetryManifest {
    EnumMap<TelemetryFault, List<String>> copy = new EnumMap<>(TelemetryFault.class);
    faults.forEach((f, keys) -> copy.put(f, List.copyOf(keys)));
    faults = copy;
    late = List.copyOf(late);
    moved = List.copyOf(moved);
    recalibrated = List.copyOf(recalibrated);
  }

  public List<String> of(TelemetryFault fault) {
    return faults.getOrDefault(fault, List.of());
  }

  public long count(TelemetryFault fault) {
    return of(fault).size();
  }
}
