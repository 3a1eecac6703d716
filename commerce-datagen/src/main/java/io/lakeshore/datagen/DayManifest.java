package io.lakeshore.datagen;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The truth about one generated date: how many lines landed, and which records carry which fault
 * (event ids; for malformed lines the line itself). Tests reconcile the jobs' output with it.
 */
public record DayManifest(LocalDate date, long orderLines, long customerRows, Map<Fault, List<String>> faults) {
  public DayManifest {
    faults = new EnumMap<>(faults);
  }

  public List<String> of(Fault fault) {
    return faults.getOrDefault(fault, List.of());
  }

  public long count(Fault fault) {
    return of(fault).size();
  }
}
