package io.lakeshore.jobs.telemetry.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan as declared, without Spark: what it reads, what it replaces, and how it is found. */
class TelemetryEnrichmentJobTest {
  private static final RunWindow DAY = RunWindow.of(LocalDate.parse("2026-01-20"));

  @TempDir Path conf;

  @Test
  void planReplacesTheWindowAndLateReadingsWithinTheLookback() {
    JobPlan plan = new TelemetryEnrichmentJob(ReadingLimits.defaults(3)).plan(DAY);
    assertThat(plan.rawInputs().stream().map(i -> i.entity()).toList()).containsExactly("devices", "readings");
    assertThat(plan.outputs(DAY).stream().map(Object::toString).toList())
        .containsExactly(
            "Target[table=golden.devices, mode=replace, scope=snapshot_date 2026-01-20]",
            "Target[table=golden.readings, mode=replace, scope=reading_date 2026-01-17..2026-01-20 x ingest_date 2026-01-20]",
            "Target[table=quarantine.devices, mode=replace, scope=ingest_date 2026-01-20]",
            "Target[table=quarantine.readings, mode=replace, scope=ingest_date 2026-01-20]");
  }

  @Test
  void lateReadingsAreCheckedAgainstTheRegistryOfTheLookbackDaysBeforeTheWindow() {
    JobPlan plan = new TelemetryEnrichmentJob(ReadingLimits.defaults(3)).plan(DAY);
    assertThat(plan.inputs(DAY).stream().map(Object::toString).toList()).containsExactly(
        "Input[source=raw devices/date=D, slice=ingest dates 2026-01-20]",
        "Input[source=raw readings/date=D, slice=ingest dates 2026-01-20]",
        "Input[source=golden.devices, slice=snapshot_date 2026-01-17..2026-01-19]");
    // the job writes golden.devices itself: its own output is no staleness input of a backfill
    assertThat(plan.tableReads()).isEmpty();
    assertThat(new TelemetryEnrichmentJob(ReadingLimits.defaults(0)).plan(DAY).inputs(DAY)).hasSize(2);
  }

  @Test
  void limitsComeFromConfiguration() throws Exception {
    Files.createDirectories(conf.resolve("env"));
    Files.writeString(conf.resolve("application.conf"), "");
    Files.writeString(conf.resolve("env/test.conf"),
        "lakeshore.jobs.telemetry-enrichment { lookback-days = 5, sensor-ranges.humidity.max = 90 }\n");
    ReadingLimits limits = ReadingLimits.from(ConfigLoader.load(conf, "test", List.of()).job(TelemetryEnrichmentJob.NAME));
    assertThat(limits).isEqualTo(new ReadingLimits(5, 300, 45,
        Map.of("temperature", List.of(-40.0, 125.0), "humidity", List.of(0.0, 90.0), "pressure", List.of(300.0, 1100.0))));
    assertThat(limits.sensorTypes()).containsExactly("humidity", "pressure", "temperature");
  }

  @Test
  void factoryIsFoundByName() {
    assertThat(JobFactory.available().stream().map(JobFactory::name).toList()).contains(TelemetryEnrichmentJob.NAME);
  }

  @Test
  void refusesANegativeLookbackAndAnEmptyRange() {
    assertThatThrownBy(() -> ReadingLimits.defaults(-1))
        .hasMessage("Cannot configure telemetry-enrichment: lookback-days must be >= 0, cannot be: -1");
    assertThatThrownBy(() -> new ReadingLimits(3, 300, 45, Map.of("humidity", List.of(100.0, 0.0))))
        .hasMessage("Cannot configure telemetry-enrichment: sensor-ranges.humidity must be [min, max] with min < max, cannot be: [100.0, 0.0]");
  }
}
