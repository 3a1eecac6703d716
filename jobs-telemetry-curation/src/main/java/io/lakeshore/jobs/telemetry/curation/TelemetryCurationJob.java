package io.lakeshore.jobs.telemetry.curation;

import io.lakeshore.core.cli.JobLauncher;
import io.lakeshore.core.config.LakeshoreConfig;
import io.lakeshore.core.job.Job;
import io.lakeshore.core.job.JobFactory;
import io.lakeshore.core.job.JobPlan;
import io.lakeshore.core.run.RunWindow;

/** SKELETON (issue 18, being written): telemetry curation. */
public final class TelemetryCurationJob implements Job {
  public static final String NAME = "telemetry-curation";

  public static TelemetryCurationJob fromConfig(LakeshoreConfig config) {
    return new TelemetryCurationJob();
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
      super(NAME, TelemetryCurationJob::fromConfig);
    }
  }
}
