package io.lakeshore.jobs.telemetry.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The plan as declared, without Spark: what it reads, what it replaces, and how it is found. */
class TelemetryEnrichmentJobTest {
  @Test
  void planReplacesTheWindowAndLateReadingsWithinTheLookback() {
    JobPlan plan = new TelemetryEnrichmentJob(3).plan(RunWindow.of(LocalDate.parse("2026-01-20")));
    assertThat(plan.rawInputs().stream().map(i -> i.entity()).toList()).containsExactly("devices", "readings");
    assertThat(plan.outputs(RunWindow.of(LocalDate.parse("2026-01-20"))).stream().map(Object::toString).toList())
        .containsExactly(
            "Target[table=golden.devices, mode=replace, scope=snapshot_date 2026-01-20]",
            "Target[table=golden.readings, mode=replace, scope=reading_date 2026-01-17..2026-01-20 x ingest_date 2026-01-20]",
            "Target[table=quarantine.devices, mode=replace, scope=ingest_date 2026-01-20]",
            "Target[table=quarantine.readings, mode=replace, scope=ingest_date 2026-01-20]");
  }

  @Test
  void factoryIsFoundByName() {
    assertThat(JobFactory.available().stream().map(JobFactory::name).toList()).contains(TelemetryEnrichmentJob.NAME);
  }

  @Test
  void refusesANegativeLookback() {
    assertThatThrownBy(() -> new TelemetryEnrichmentJob(-1))
        .hasMessage("Cannot configure telemetry-enrichment: lookback-days must be >= 0, cannot be: -1");
  }
}
