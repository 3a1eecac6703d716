package io.lakeshore.jobs.telemetry.aggregation;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;

/** SKELETON (issue 18, being written): telemetry aggregation. */
public final class TelemetryAggregationJob implements Job {
  public static final String NAME = "telemetry-aggregation";

  public static TelemetryAggregationJob fromConfig(LakeshoreConfig config) {
    return new TelemetryAggregationJob();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobPlan plan(RunWindow w) {
    return JobPlan.of();
  }

  public static void main(String[] args) {
    JobLauncher.main(new Factory(), args);
  }

  /** Makes the job from configuration; registered in META-INF/services/io.lakeshore.core.job.JobFactory. */
  public static final class Factory extends JobFactory.Of {
    public Factory() {
      super(NAME, TelemetryAggregationJob::fromConfig);
    }
  }
}
