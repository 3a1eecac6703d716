package io.lakeshore.jobs.telemetry.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.run.RunWindow;
import io.lakeshore.core.table.TableId;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The plan as declared, without Spark: what it reads, what it merges, and how it is found. */
class TelemetryCurationJobTest {
  @Test
  void planMirrorsTheLookbackOfReadingsAndMergesTheDeviceVersions() {
    RunWindow w = new RunWindow(LocalDate.parse("2026-01-20"), LocalDate.parse("2026-01-21"));
    assertThat(new TelemetryCurationJob(3).plan(w).render(TelemetryCurationJob.NAME, w, TableId::toString)).isEqualTo("""
        plan for telemetry-curation over 2026-01-20..2026-01-21 (dry run: nothing is written)
          inputs:
            golden.readings  [reading_date 2026-01-17..2026-01-21]
            golden.devices  [snapshot_date from 2026-01-20 on]
          outputs:
            curated.readings  merge by device_id, reading_ts  [reading_date 2026-01-17..2026-01-21]
            curated.devices  merge by device_id, valid_from  [all rows: versions from 2026-01-20 on, and the one in effect the day before]
        """);
  }

  @Test
  void factoryIsFoundByName() {
    assertThat(JobFactory.available().stream().map(JobFactory::name).toList()).contains(TelemetryCurationJob.NAME);
  }

  @Test
  void refusesANegativeLookback() {
    assertThatThrownBy(() -> new TelemetryCurationJob(-1))
        .hasMessage("Cannot configure telemetry-curation: lookback-days must be >= 0, cannot be: -1");
  }
}
