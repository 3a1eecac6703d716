package io.lakeshore.local;

import io.lakeshore.core.run.RunWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeshore.core.config.ConfigLoader;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.run.RunWindow;
import java.time.LocalDate;
import io.lakeshore.core.table.TableFormat;
import io.lakeshore.core.table.TableId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration the repository ships loads for every environment, with every job on the classpath. */
class ShippedConfigTest {
  static final List<JobFactory> ALL_JOBS =
      java.util.stream.Stream.concat(LocalPipeline.ORDER.stream(), LocalPipeline.TELEMETRY.stream()).map(LocalPipeline::job).toList();

  static final Path CONF = Path.of("../conf");
  /** What a cluster deployment sets (from LAKESHORE_ICEBERG_JDBC_URI): the shared catalog. */
  static final String CATALOG = "lakeshore.iceberg.properties.uri=jdbc:postgresql://catalog:5432/lakeshore";

  private static LakeshoreConfig load(String env, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of(overrides));
    if (env.equals("k8s")) {
      all.add(0, CATALOG);
    }
    return ConfigLoader.load(CONF, env, all);
  }

  @org.junit.jupiter.api.Test
  void onAClusterAMissingCatalogFailsBeforeSparkStartsNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(CONF, "k8s", List.of()))
        .isInstanceOf(io.lakeshore.core.config.ConfigException.class)
        .hasMessageStartingWith("Cannot load configuration: lakeshore.iceberg.properties.uri is not set, and an Iceberg jdbc"
            + " catalog needs it: every job of the lake must use the same catalog (")
        .hasMessageContaining("k8s.conf");
    assertThat(load("k8s").lakehouse().icebergProperties()).containsEntry("uri", "jdbc:postgresql://catalog:5432/lakeshore");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "k8s"})
  void everyEnvironmentLoadsAndConfiguresEveryJob(String env) {
    LakeshoreConfig config = load(env);
    assertThat(config.latenessDays()).isEqualTo(7);
    for (JobFactory job : ALL_JOBS) {
      assertThat(job.create(config).name()).isEqualTo(job.name());
    }
    assertThat(config.lakehouse().formatOf(TableId.parse("golden.orders"))).isEqualTo(TableFormat.DELTA);
    assertThat(config.lakehouse().formatOf(TableId.parse("serving.daily_revenue"))).isEqualTo(TableFormat.ICEBERG);
    assertThat(config.spark().master()).isEqualTo(env.equals("local") ? "local[2]" : "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "k8s"})
  void oneLatenessOverrideReachesEveryJob(String env) {
    LakeshoreConfig config = load(env, "lakeshore.lateness-days=3");
    RunWindow day = RunWindow.of(LocalDate.parse("2026-01-10"));
    // each job looks back 3 days: the plans say so
    assertThat(LocalPipeline.JOBS).extracting(JobFactory::name).containsExactly("enrichment", "curation", "aggregation");
    assertThat(LocalPipeline.JOBS.stream().map(j -> j.create(config).plan(day).outputs(day).get(0).scope()).toList())
        .containsExactly("snapshot_date 2026-01-10", "order_date 2026-01-07..2026-01-10", "order_date 2026-01-07..2026-01-10");
    assertThat(LocalPipeline.job("enrichment").create(config).plan(day).outputs(day).get(2).scope())
        .isEqualTo("order_date 2026-01-07..2026-01-10 x ingest_date 2026-01-10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "k8s"})
  void oneLookbackOverrideReachesEveryTelemetryJob(String env) {
    LakeshoreConfig config = load(env, "lakeshore.telemetry.lookback-days=5");
    RunWindow day = RunWindow.of(LocalDate.parse("2026-01-10"));
    assertThat(LocalPipeline.TELEMETRY.stream().map(j -> LocalPipeline.job(j).create(config).plan(day).inputs(day).toString()).toList())
        .containsExactly(
            "[Input[source=raw devices/date=D, slice=ingest dates 2026-01-10], Input[source=raw readings/date=D, slice=ingest dates 2026-01-10],"
                + " Input[source=golden.devices, slice=snapshot_date 2026-01-05..2026-01-09]]",
            "[Input[source=golden.readings, slice=reading_date 2026-01-05..2026-01-10],"
                + " Input[source=golden.devices, slice=snapshot_date from 2026-01-10 on]]",
            "[Input[source=curated.readings, slice=reading_date 2026-01-05..2026-01-10], Input[source=curated.devices, slice=all rows: unpartitioned; the versions valid on 2026-01-05..2026-01-10 are used]]");
  }

  /** A table's settings live with the job that writes it: each output a job plans has its section. */
  @ParameterizedTest
  @ValueSource(strings = {"local", "k8s"})
  void everyTableAJobWritesIsDeclaredInItsSection(String env) {
    LakeshoreConfig config = load(env);
    for (JobFactory job : ALL_JOBS) {
      var window = io.lakeshore.core.run.RunWindow.of(java.time.LocalDate.parse("2026-01-01"));
      var plan = job.create(config).plan(window);
      assertThat(plan.outputs(window)).as(job.name()).isNotEmpty();
      for (var output : plan.outputs(window)) {
        assertThat(config.job(job.name()).table(output.table()).string("format")).as(output.table().toString())
            .isEqualTo(config.lakehouse().formatOf(output.table()).toString());
      }
    }
  }
}
