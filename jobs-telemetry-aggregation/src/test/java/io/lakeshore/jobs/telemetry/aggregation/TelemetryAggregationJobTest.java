package io.lakeshore.jobs.telemetry.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan as declared, without Spark: what it reads, what it replaces, and how it is found and configured. */
class TelemetryAggregationJobTest {
  @TempDir Path conf;

  @Test
  void planRecomputesTheWindowAndTheLookbackFromOneReadOfEachTable() {
    RunWindow w = RunWindow.of(LocalDate.parse("2026-01-20"));
    JobPlan plan = new TelemetryAggregationJob(3, 96).plan(w);
    assertThat(plan.rawInputs()).isEmpty();
    assertThat(plan.inputs(w).stream().map(Object::toString).toList()).containsExactly(
        "Input[source=curated.readings, slice=reading_date 2026-01-17..2026-01-20]",
        "Input[source=curated.devices, slice=all rows: unpartitioned; the versions valid on 2026-01-17..2026-01-20 are used]");
    assertThat(plan.outputs(w).stream().map(Object::toString).toList()).containsExactly(
        "Target[table=serving.device_hourly, mode=replace, scope=reading_date 2026-01-17..2026-01-20]",
        "Target[table=serving.site_daily, mode=replace, scope=reading_date 2026-01-17..2026-01-20]");
  }

  @Test
  void factoryIsFoundByNameAndReadsItsDefaults() throws IOException {
    assertThat(JobFactory.available().stream().map(JobFactory::name).toList()).contains(TelemetryAggregationJob.NAME);
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("env/local.conf"), "");
    RunWindow w = RunWindow.of(LocalDate.parse("2026-01-20"));
    // the defaults of reference.conf: lookback 3 days
    assertThat(TelemetryAggregationJob.fromConfig(ConfigLoader.load(conf, "local", List.of())).plan(w).outputs(w).get(0).scope())
        .isEqualTo("reading_date 2026-01-17..2026-01-20");
  }

  @Test
  void refusesANegativeLookbackAndNoExpectedReadings() {
    assertThatThrownBy(() -> new TelemetryAggregationJob(-1, 96))
        .hasMessage("Cannot configure telemetry-aggregation: lookback-days must be >= 0, cannot be: -1");
    assertThatThrownBy(() -> new TelemetryAggregationJob(3, 0))
        .hasMessage("Cannot configure telemetry-aggregation: expected-readings-per-day must be >= 1, cannot be: 0");
  }
}
