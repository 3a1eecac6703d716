package io.lakeshore.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A domain pipeline: its name, its jobs in the order they run (each reads what the one before it
 * wrote) and the daily time it runs at. {@link #ALL} is the one declaration of every domain: the
 * Argo templates are made from it ({@link ArgoManifests}), and {@code launches.json} carries it to
 * the Airflow DAGs ({@code Pipeline.declared} in {@code dags/lakeshore_dags}).
 *
 * @param name the domain's name, part of every manifest's and DAG's name ({@code lakeshore-<name>})
 * @param jobs job names ({@code JobFactory#name()}), in run order
 * @param schedule the daily cron schedule (UTC in the base), for the day before the scheduled time
 */
public record Pipeline(String name, List<String> jobs, String schedule) {
  /** Every pipeline of the project; a domain is one entry (its jobs must be on the deploy module's classpath). */
  public static final List<Pipeline> ALL = List.of(
      // in the order of pipeline-local's LocalPipeline
      new Pipeline("commerce", List.of("enrichment", "curation", "aggregation"), "0 3 * * *"),
      // after commerce, so the two domains' drivers do not start at the same minute
      new Pipeline("telemetry", List.of("telemetry-enrichment", "telemetry-curation", "telemetry-aggregation"), "30 3 * * *"));

  public Pipeline {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(schedule, "schedule is null");
    jobs = List.copyOf(jobs);
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("Cannot make pipeline " + name + ": its name must be lower-case letters, digits and '-'");
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("Cannot make pipeline " + name + ": it has no jobs");
    }
    if (new HashSet<>(jobs).size() != jobs.size()) {
      throw new IllegalArgumentException("Cannot make pipeline " + name + ": a job appears twice in " + jobs);
    }
  }

  /** The pipeline's WorkflowTemplate (and CronWorkflow) name. */
  public String templateName() {
    return "lakeshore-" + name;
  }

  /** The backfill's WorkflowTemplate name. */
  public String backfillName() {
    return templateName() + "-backfill";
  }
}
