package io.lakeshore.core.job;

import io.lakeshore.core.audit.Fingerprint;
import io.lakeshore.core.audit.RunLedger;
import io.lakeshore.core.raw.RawInput;
import io.lakeshore.core.raw.RawZone;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Gap-aware backfills: which dates of a window a job must run, from the run ledger. A date runs
 * when no run of the job covered it (missing), when the latest run covering it failed, or when
 * its inputs changed since the latest successful run (stale): a raw file of that date was added,
 * removed or rewritten, or a table the job reads was produced for that date by a newer run.
 */
public final class Backfill {
  /** One date of a window: whether it runs, and why. */
  public record Day(LocalDate date, boolean run, String reason) {
    @Override
    public String toString() {
      return date + "  " + (run ? "run " : "skip") + "  " + reason;
    }
  }

  private Backfill() {}

  /**
   * What a run of {@code plan} over {@code window} reads, per date: the raw files of each raw
   * input and the run that last produced each table read for that date.
   */
  public static Map<LocalDate, Fingerprint> fingerprints(
      SparkSession spark, RawZone raw, RunLedger ledger, JobPlan plan, RunWindow window) {
    Map<LocalDate, List<String>> lines = new LinkedHashMap<>();
    window.dates().forEach(d -> lines.put(d, new ArrayList<>()));
    for (RawInput input : plan.rawInputs()) {
      for (LocalDate date : window.dates()) {
        lines.get(date).addAll(raw.fingerprint(spark, input.entity(), date));
      }
    }
    for (TableId table : plan.tableReads()) {
      Map<LocalDate, String> producers = ledger.producers(table, window);
      for (LocalDate date : window.dates()) {
        lines.get(date).add("table " + table + " " + producers.getOrDefault(date, "none"));
      }
    }
    Map<LocalDate, Fingerprint> prints = new LinkedHashMap<>();
    lines.forEach((date, l) -> prints.put(date, Fingerprint.of(l)));
    return prints;
  }

  /** Every date of {@code window}, in order, with whether {@code job} must run it and why. */
  public static List<Day> days(String job, SparkSession spark, RawZone raw, RunLedger ledger, JobPlan plan, RunWindow window) {
    Map<LocalDate, RunLedger.DateState> states = ledger.states(job, window);
    Map<LocalDate, Fingerprint> now = fingerprints(spark, raw, ledger, plan, window);
    List<Day> days = new ArrayList<>();
    for (LocalDate date : window.dates()) {
      RunLedger.DateState state = states.get(date);
      if (state == null) {
        days.add(new Day(date, true, "missing: no run of " + job + " covers it"));
      } else if (!state.status().equals("SUCCEEDED")) {
        days.add(new Day(date, true, "failed: run " + state.runId() + " ended " + state.status()));
      } else {
        List<String> changes = state.fingerprint().map(was -> now.get(date).changes(was)).orElse(List.of());
        days.add(changes.isEmpty()
            ? new Day(date, false, "done by run " + state.runId())
            : new Day(date, true, "stale since run " + state.runId() + ": " + String.join("; ", changes)));
      }
    }
    return days;
  }
}
