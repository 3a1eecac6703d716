package io.lakeshore.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Argo Workflows v4 manifests made from the same {@link JobLaunch}es as {@code deploy/generated/}:
 * per domain {@link Pipeline} of {@link Pipeline#ALL}, a WorkflowTemplate that runs its jobs in order for one date, a
 * backfill WorkflowTemplate that runs that pipeline once per date of a range, and a CronWorkflow
 * that runs it daily; and the ServiceAccount, Role and RoleBinding its pods use. They are written
 * to {@value #DIR}, the generated part of the kustomize base {@code argo-workflows/base}.
 *
 * <p>Each job step is a resource template: it creates the job's SparkApplication ({@link
 * Manifests#sparkApplication(JobLaunch, String, Window)}, so image, arguments, Spark settings and
 * placement are the generated ones) and waits for the Spark operator to report it {@value
 * #COMPLETED} or failed. The step's own pod (Argo's executor, the launcher) only polls the API
 * server; it runs on on-demand nodes like the driver, so a spot reclaim never takes it.
 */
public final class ArgoManifests {
  /** The folder of the generated Argo manifests, relative to the repository root. */
  public static final String DIR = "argo-workflows/base/generated";
  /** The Argo API version of WorkflowTemplate and CronWorkflow. */
  public static final String API_VERSION = "argoproj.io/v1alpha1";
  /** The service account of every workflow pod (the launchers); not the Spark pods' account. */
  public static final String SERVICE_ACCOUNT = "lakeshore-workflow";
  /** The pipeline's parameter: the date to run ({@code YYYY-MM-DD}). */
  public static final String DATE = "date";
  /** The backfill's parameters: first and last date (inclusive), and whether to skip dates already done. */
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String ONLY_MISSING = "only-missing";
  /** The pipeline templates: every job for the date, or only what the run ledger shows missing. */
  public static final String PIPELINE = "pipeline";
  public static final String PIPELINE_ONLY_MISSING = "pipeline-only-missing";
  /** The backfill's entrypoint. */
  public static final String BACKFILL = "backfill";
  /** The SparkApplication state of a successful run (spark-operator's ApplicationStateType). */
  public static final String COMPLETED = "COMPLETED";
  /** The terminal failure states (with {@code restartPolicy: Never} the operator retries nothing). */
  public static final List<String> FAILED = List.of("FAILED", "SUBMISSION_FAILED");
  /** Where the resource template reads the state; Argo's conditions are label selectors over JSON paths. */
  public static final String STATE_PATH = "status.applicationState.state";

  /**
   * The day before the scheduled time, in the CronWorkflow's time zone: the run at 03:00 processes
   * the day that has just ended (Airflow's {@code ds}). {@code workflow.scheduledTime} is RFC 3339
   * with the zone's offset; {@code AddDate} is calendar arithmetic, so a DST change never shifts it.
   */
  public static final String SCHEDULED_DATE =
      "{{=sprig.toDate('2006-01-02T15:04:05Z07:00', workflow.scheduledTime).AddDate(0, 0, -1).Format('2006-01-02')}}";

  /**
   * The backfill's number of dates, {@code to - from + 1} (rounded: a day across a DST change has
   * 23 or 25 hours), at least 1, so that a range with {@code to} before {@code from} still reaches
   * {@link #ITEM_DATE}, which fails it. A date that does not parse fails here ({@code mustToDate}).
   */
  public static final String DATE_COUNT = "{{=sprig.max(1, int(sprig.mustToDate('2006-01-02', inputs.parameters.to)"
      + ".Sub(sprig.mustToDate('2006-01-02', inputs.parameters.from)).Hours() / 24 + 1.5))}}";

  /**
   * The date of the backfill's item {@code n} ({@code withSequence} counts from 0): {@code from + n
   * days}; {@code to} before {@code from} fails the step, naming both. Argo evaluates this with
   * unresolved tags refused (unlike the count, whose failure would only say it is not a number).
   */
  public static final String ITEM_DATE = "{{=sprig.mustToDate('2006-01-02', inputs.parameters.to)"
      + ".Before(sprig.mustToDate('2006-01-02', inputs.parameters.from))"
      + " ? sprig.fail('Cannot backfill: to ' + inputs.parameters.to + ' is before from ' + inputs.parameters.from)"
      + " : sprig.mustToDate('2006-01-02', inputs.parameters.from).AddDate(0, 0, asInt(item)).Format('2006-01-02')}}";

  /**
   * When a failed job step is retried: its launcher pod was lost ({@code Error}: pod deleted,
   * node shutdown, eviction), or its SparkApplication ended {@code FAILED} (the driver ran and
   * failed: executors lost on spot beyond Spark's own stage retries, a driver pod evicted). Not
   * when the operator could not submit it ({@code SUBMISSION_FAILED}: a bad spec or a missing
   * account fails the same way again). A failure condition's message names the condition that
   * matched, hence one condition per state.
   */
  public static final String RETRY_EXPRESSION = "lastRetry.status == 'Error'"
      + " || (lastRetry.status == 'Failed' && !(lastRetry.message contains 'SUBMISSION_FAILED'))";

  private static final String HEADER = "# Generated from conf/kubernetes.conf by io.lakeshore.deploy.ArgoManifests: do not edit.\n"
      + "# Regenerate with " + Generator.REGENERATE + ".\n";

  private ArgoManifests() {}

  /**
   * How every pipeline is scheduled and backfilled (its daily time is its own, {@link
   * Pipeline#schedule()}); the kustomize overlays change these per environment.
   *
   * @param timezone the CronWorkflows' IANA time zone
   * @param startingDeadlineSeconds how late a missed run may still start
   * @param backfillParallelism how many dates a backfill runs at once
   * @param retryLimit retries of a failed job step
   */
  public record Schedule(String timezone, long startingDeadlineSeconds, int backfillParallelism, int retryLimit) {}

  /** The base's schedule: in UTC, two dates at once, three retries. */
  public static final Schedule BASE = new Schedule("Etc/UTC", 3600, 2, 3);

  /** Every generated file of the Argo base, by path relative to the repository root. */
  public static SortedMap<String, String> files(KubernetesSettings settings, List<JobLaunch> launches) {
    Map<String, JobLaunch> byName = new LinkedHashMap<>();
    launches.forEach(l -> byName.put(l.job().name(), l));
    SortedMap<String, String> files = new TreeMap<>();
    List<String> resources = new ArrayList<>(List.of("rbac.yaml"));
    for (Pipeline p : Pipeline.ALL) {
      List<JobLaunch> jobs = new ArrayList<>();
      for (String job : p.jobs()) {
        JobLaunch launch = byName.get(job);
        if (launch == null) {
          throw new IllegalStateException("Cannot make pipeline " + p.name() + ": no job " + job + "; the jobs are " + byName.keySet());
        }
        jobs.add(launch);
      }
      files.put(DIR + "/" + p.name() + "-pipeline.yaml", HEADER + Yaml.yaml(pipelineTemplate(settings, p, jobs, BASE)));
      files.put(DIR + "/" + p.name() + "-backfill.yaml", HEADER + Yaml.yaml(backfillTemplate(settings, p, BASE)));
      files.put(DIR + "/" + p.name() + "-cron.yaml", HEADER + Yaml.yaml(cronWorkflow(settings, p, BASE)));
      resources.addAll(List.of(p.name() + "-pipeline.yaml", p.name() + "-backfill.yaml", p.name() + "-cron.yaml"));
    }
    // the base lists this folder, so a new pipeline needs no hand-written resource entry
    files.put(DIR + "/kustomization.yaml", HEADER + Yaml.yaml(Yaml.map(
        "apiVersion", "kustomize.config.k8s.io/v1beta1", "kind", "Kustomization", "resources", resources)));
    StringBuilder rbac = new StringBuilder(HEADER);
    List<Map<String, Object>> objects = rbac(settings);
    for (int i = 0; i < objects.size(); i++) {
      rbac.append(i == 0 ? "" : "---\n").append(Yaml.yaml(objects.get(i)));
    }
    files.put(DIR + "/rbac.yaml", rbac.toString());
    return files;
  }

  /**
   * The pipeline's WorkflowTemplate: entrypoint {@value #PIPELINE} (argument {@value #DATE}) runs
   * the jobs in order as a DAG; {@value #PIPELINE_ONLY_MISSING} runs each job with {@code --from
   * <date> --to <date> --only-missing}, which skips the date when the run ledger shows it done.
   * One resource template per job and window kind.
   */
  public static Map<String, Object> pipelineTemplate(KubernetesSettings s, Pipeline p, List<JobLaunch> jobs, Schedule schedule) {
    List<Object> templates = new ArrayList<>();
    templates.add(dag(PIPELINE, jobs, ""));
    templates.add(dag(PIPELINE_ONLY_MISSING, jobs, "-" + ONLY_MISSING));
    String date = "{{inputs.parameters." + DATE + "}}";
    for (JobLaunch launch : jobs) {
      templates.add(jobTemplate(s, launch, launch.job().name(), Window.date(date), schedule));
    }
    for (JobLaunch launch : jobs) {
      templates.add(jobTemplate(s, launch, launch.job().name() + "-" + ONLY_MISSING,
          Window.range(date, date, Window.Missing.ONLY_MISSING), schedule));
    }
    Map<String, Object> spec = Yaml.map(
        "entrypoint", PIPELINE,
        "serviceAccountName", SERVICE_ACCOUNT,
        "arguments", Yaml.map("parameters", List.of(Yaml.map("name", DATE, "description", "the date to run, YYYY-MM-DD"))),
        // the launchers' pods go when the workflow succeeds; a failed one stays for its logs
        "podGC", Yaml.map("strategy", "OnWorkflowSuccess"),
        "templates", templates);
    return Yaml.frozen(Yaml.map(
        "apiVersion", API_VERSION,
        "kind", "WorkflowTemplate",
        "metadata", metadata(s, p.templateName(), p),
        "spec", spec));
  }

  private static Map<String, Object> dag(String name, List<JobLaunch> jobs, String templateSuffix) {
    List<Object> tasks = new ArrayList<>();
    String previous = null;
    for (JobLaunch launch : jobs) {
      String job = launch.job().name();
      Map<String, Object> task = Yaml.map("name", job, "template", job + templateSuffix);
      if (previous != null) {
        task.put("depends", previous + ".Succeeded");
      }
      task.put("arguments", Yaml.map("parameters",
          List.of(Yaml.map("name", DATE, "value", "{{inputs.parameters." + DATE + "}}"))));
      tasks.add(task);
      previous = job;
    }
    return Yaml.map(
        "name", name,
        "inputs", Yaml.map("parameters", List.of(Yaml.map("name", DATE))),
        "dag", Yaml.map("tasks", tasks));
  }

  /**
   * A job step: creates the job's SparkApplication for {@code window} and waits for its state.
   * The application's name is generated ({@code lakeshore-<job>-<date>-xxxxx}), so a retry
   * creates a new one; it is owned by the workflow and deleted with it.
   */
  static Map<String, Object> jobTemplate(KubernetesSettings s, JobLaunch launch, String name, Window window, Schedule schedule) {
    String date = "{{inputs.parameters." + DATE + "}}";
    Map<String, Object> retry = Yaml.map(
        "limit", String.valueOf(schedule.retryLimit()),
        "retryPolicy", "Always",
        "expression", RETRY_EXPRESSION,
        // waits of 2, 4, 8 minutes (room for the autoscaler to bring spot capacity back); none after 1 h
        "backoff", Yaml.map("duration", "2m", "factor", "2", "maxDuration", "1h"),
        // the retry's launcher goes to another node than the one that failed
        "affinity", Yaml.map("nodeAntiAffinity", Map.of()));
    Map<String, Object> resource = Yaml.map(
        "action", "create",
        "setOwnerReference", true,
        "successCondition", STATE_PATH + " == " + COMPLETED,
        "failureCondition", String.join(",", FAILED.stream().map(f -> STATE_PATH + " == " + f).toList()),
        "manifest", Yaml.yaml(sparkApplication(launch, window, launch.appName() + "-" + date + "-")));
    Placement launcher = Placement.driver(s);
    return Yaml.map(
        "name", name,
        "inputs", Yaml.map("parameters", List.of(Yaml.map("name", DATE))),
        // the launcher polls the application: on-demand nodes, like the driver
        "affinity", launcher.affinity(),
        "retryStrategy", retry,
        "resource", resource);
  }

  /**
   * The job's SparkApplication without a name or namespace: {@code generateName}, and the
   * workflow's namespace (an overlay may move it).
   */
  static Map<String, Object> sparkApplication(JobLaunch launch, Window window, String generateName) {
    Map<String, Object> app = new LinkedHashMap<>(Manifests.sparkApplication(launch, "unused", window));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) app.get("metadata");
    app.put("metadata", Yaml.map("generateName", generateName, "labels", metadata.get("labels")));
    return app;
  }

  /**
   * The backfill WorkflowTemplate: arguments {@value #FROM}, {@value #TO} and {@value
   * #ONLY_MISSING} ({@code false} or {@code true}); one run of the pipeline's template per date,
   * in date order, at most {@link Schedule#backfillParallelism()} at once.
   */
  public static Map<String, Object> backfillTemplate(KubernetesSettings s, Pipeline p, Schedule schedule) {
    String onlyMissing = "{{inputs.parameters." + ONLY_MISSING + "}}";
    Map<String, Object> sequence = Yaml.map("count", DATE_COUNT);
    List<Object> tasks = List.of(
        backfillTask("run", p, PIPELINE, sequence, onlyMissing + " == false"),
        backfillTask("run-" + ONLY_MISSING, p, PIPELINE_ONLY_MISSING, sequence, onlyMissing + " == true"));
    Map<String, Object> template = Yaml.map(
        "name", BACKFILL,
        "inputs", Yaml.map("parameters", List.of(Yaml.map("name", FROM), Yaml.map("name", TO), Yaml.map("name", ONLY_MISSING))),
        // a failed date does not keep the later ones from starting; the workflow fails at the end
        "dag", Yaml.map("failFast", false, "tasks", tasks));
    Map<String, Object> spec = Yaml.map(
        "entrypoint", BACKFILL,
        "serviceAccountName", SERVICE_ACCOUNT,
        "arguments", Yaml.map("parameters", List.of(
            Yaml.map("name", FROM, "description", "first date, YYYY-MM-DD"),
            Yaml.map("name", TO, "description", "last date (inclusive), YYYY-MM-DD"),
            Yaml.map("name", ONLY_MISSING, "value", "false", "enum", List.of("false", "true"),
                "description", "true: run only the dates the run ledger shows missing, failed or stale"))),
        // each date's pipeline runs one job at a time: pods at once = dates at once
        "parallelism", schedule.backfillParallelism(),
        "podGC", Yaml.map("strategy", "OnWorkflowSuccess"),
        "templates", List.of(template));
    return Yaml.frozen(Yaml.map(
        "apiVersion", API_VERSION,
        "kind", "WorkflowTemplate",
        "metadata", metadata(s, p.backfillName(), p),
        "spec", spec));
  }

  private static Map<String, Object> backfillTask(String name, Pipeline p, String template, Map<String, Object> sequence, String when) {
    return Yaml.map(
        "name", name,
        "templateRef", Yaml.map("name", p.templateName(), "template", template),
        "when", when,
        "withSequence", sequence,
        "arguments", Yaml.map("parameters", List.of(Yaml.map("name", DATE, "value", ITEM_DATE))));
  }

  /**
   * The pipeline's CronWorkflow: the pipeline's WorkflowTemplate for {@link #SCHEDULED_DATE},
   * never two runs at once ({@code Forbid}: a run still going makes the next one wait for the
   * next schedule, and a backfill repairs a skipped date).
   */
  public static Map<String, Object> cronWorkflow(KubernetesSettings s, Pipeline p, Schedule schedule) {
    Map<String, Object> spec = Yaml.map(
        "schedules", List.of(p.schedule()),
        "timezone", schedule.timezone(),
        "concurrencyPolicy", "Forbid",
        "startingDeadlineSeconds", schedule.startingDeadlineSeconds(),
        "successfulJobsHistoryLimit", 3,
        "failedJobsHistoryLimit", 5,
        "workflowMetadata", Yaml.map("labels", labels(p)),
        "workflowSpec", Yaml.map(
            "workflowTemplateRef", Yaml.map("name", p.templateName()),
            "arguments", Yaml.map("parameters", List.of(Yaml.map("name", DATE, "value", SCHEDULED_DATE)))));
    return Yaml.frozen(Yaml.map(
        "apiVersion", API_VERSION,
        "kind", "CronWorkflow",
        "metadata", metadata(s, p.templateName(), p),
        "spec", spec));
  }

  /**
   * The workflow pods' ServiceAccount, Role and RoleBinding, with only what a resource-template
   * launch does: create a SparkApplication and get it until its state decides ({@code kubectl
   * create}, then polling), and report the step's result as a WorkflowTaskResult (create, then
   * patch), as every v4 executor does. Nothing on pods: the Spark operator, with its own account,
   * creates the driver; the driver, with {@code lakeshore-spark}, creates the executors.
   */
  public static List<Map<String, Object>> rbac(KubernetesSettings s) {
    Map<String, Object> labels = Yaml.map("app.kubernetes.io/part-of", "lakeshore");
    Map<String, Object> account = Yaml.map(
        "apiVersion", "v1", "kind", "ServiceAccount",
        "metadata", Yaml.map("name", SERVICE_ACCOUNT, "namespace", s.namespace(), "labels", labels));
    Map<String, Object> role = Yaml.map(
        "apiVersion", "rbac.authorization.k8s.io/v1", "kind", "Role",
        "metadata", Yaml.map("name", SERVICE_ACCOUNT, "namespace", s.namespace(), "labels", labels),
        "rules", List.of(
            Yaml.map("apiGroups", List.of("sparkoperator.k8s.io"), "resources", List.of("sparkapplications"),
                "verbs", List.of("create", "get")),
            Yaml.map("apiGroups", List.of("argoproj.io"), "resources", List.of("workflowtaskresults"),
                "verbs", List.of("create", "patch"))));
    Map<String, Object> binding = Yaml.map(
        "apiVersion", "rbac.authorization.k8s.io/v1", "kind", "RoleBinding",
        "metadata", Yaml.map("name", SERVICE_ACCOUNT, "namespace", s.namespace(), "labels", labels),
        "roleRef", Yaml.map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", SERVICE_ACCOUNT),
        "subjects", List.of(Yaml.map("kind", "ServiceAccount", "name", SERVICE_ACCOUNT, "namespace", s.namespace())));
    return List.of(Yaml.frozen(account), Yaml.frozen(role), Yaml.frozen(binding));
  }

  private static Map<String, Object> metadata(KubernetesSettings s, String name, Pipeline p) {
    return Yaml.map("name", name, "namespace", s.namespace(), "labels", labels(p));
  }

  private static Map<String, Object> labels(Pipeline p) {
    return Yaml.map("app.kubernetes.io/part-of", "lakeshore", "lakeshore.io/pipeline", p.name());
  }
}
