package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshore.deploy.check.Kubeconform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Argo Workflows templates of argo-workflows/ as an environment installs them: each overlay
 * built by kustomize (v5.7.1, tests/k8s-tools.sh), every manifest validated strictly by
 * kubeconform against Argo v4.1.2's CRDs (../shared/k8s-schemas) and Kubernetes 1.34's RBAC
 * kinds, and linted by Argo's own offline lint (tests/argo-check, Argo v4.0.5's code); then what
 * they mean: references and parameters resolve, each job step creates the generated
 * SparkApplication and the job's CLI accepts its arguments, placement, RBAC, and the
 * substitutions Argo makes (backfill dates, the cron's date, the retry expression, the state
 * conditions) evaluated by Argo's own code.
 */
class ArgoWorkflowsTest {
  private static final List<String> OVERLAYS = List.of("dev", "prod");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INPUT = Pattern.compile("\\{\\{inputs\\.parameters\\.([a-z-]+)}}|inputs\\.parameters\\.([a-z]+)\\b");
  private static final Map<String, Object> SPOT_TOLERATION = Map.of(
      "key", "eks.amazonaws.com/capacityType", "operator", "Equal", "value", "SPOT", "effect", "NoSchedule");
  private static final Map<String, Object> NOT_SPOT = Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
      Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(
          Map.of("key", "eks.amazonaws.com/capacityType", "operator", "NotIn", "values", List.of("SPOT"))))))));

  private static final Map<String, String> BUILDS = new TreeMap<>();

  @Test
  void everyOverlayValidatesStrictlyAndPassesArgoLint(@TempDir Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String overlay : OVERLAYS) {
      Path file = dir.resolve(overlay + ".yaml");
      Files.writeString(file, build(overlay));
      files.add(file);
    }
    // each job step's SparkApplication, as the step creates it for a date
    for (Map<String, Object> t : jobTemplates(documents("prod"))) {
      Path file = dir.resolve("app-" + t.get("name") + ".yaml");
      Files.writeString(file, manifest(t, "2026-01-02"));
      files.add(file);
    }

    Kubeconform.Result result = Repo.kubeconform().validate(files);

    assertThat(result.resources()).as(result.output()).allMatch(Kubeconform.Resource::valid);
    assertThat(result.resources().stream().filter(r -> r.file().endsWith("/dev.yaml")).map(Kubeconform.Resource::kind).sorted())
        .containsExactly("CronWorkflow", "Role", "RoleBinding", "ServiceAccount", "WorkflowTemplate", "WorkflowTemplate");
    assertThat(result.resources().stream().filter(r -> r.kind().equals("SparkApplication"))).hasSize(6);
    assertThat(result.exitCode()).isZero();

    Repo.Result lint = Repo.run(List.of(Repo.k8sTools().get("argo-check").toString(), "lint",
        files.get(0).toString(), files.get(1).toString()), Map.of(), 120);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("no linting errors found");
  }

  @Test
  void misspelledFieldsAreRejected(@TempDir Path dir) throws IOException {
    String prod = build("prod");
    // v3's `schedule` (v4 has `schedules`), a typo deep in a retryStrategy, a typo in a resource template
    Path schedule = write(dir.resolve("schedule.yaml"), replaceOnce(prod, "  schedules:", "  schedule:"));
    Path anti = write(dir.resolve("anti.yaml"), replaceOnce(prod, "nodeAntiAffinity:", "nodeAntiAfinity:"));
    Path condition = write(dir.resolve("condition.yaml"), replaceOnce(prod, "successCondition:", "successCondtion:"));

    Kubeconform.Result result = Repo.kubeconform().validate(List.of(schedule, anti, condition));

    assertThat(result.exitCode()).isEqualTo(1);
    Map<String, String> invalid = new TreeMap<>();
    result.resources().stream().filter(r -> !r.valid())
        .forEach(r -> invalid.put(Path.of(r.file()).getFileName() + " " + r.kind() + " " + r.name(), r.message()));
    assertThat(invalid.keySet()).as(result.output()).containsExactly(
        "anti.yaml WorkflowTemplate lakeshore-commerce",
        "condition.yaml WorkflowTemplate lakeshore-commerce",
        "schedule.yaml CronWorkflow lakeshore-commerce");
    assertThat(invalid.get("schedule.yaml CronWorkflow lakeshore-commerce"))
        .contains("at '/spec': additional properties 'schedule' not allowed");
    assertThat(invalid.get("anti.yaml WorkflowTemplate lakeshore-commerce"))
        .contains("at '/spec/templates/2/retryStrategy/affinity': additional properties 'nodeAntiAfinity' not allowed");
    assertThat(invalid.get("condition.yaml WorkflowTemplate lakeshore-commerce"))
        .contains("at '/spec/templates/2/resource': additional properties 'successCondtion' not allowed");
  }

  /** dev and prod are the same manifests but for what their kustomization.yaml says. */
  @Test
  void environmentsDifferOnlyInTheirOverlay() {
    List<Map<String, Object>> dev = documents("dev");
    List<Map<String, Object>> prod = documents("prod");
    assertThat(dev).hasSameSizeAs(prod);
    for (int i = 0; i < dev.size(); i++) {
      Map<String, Object> d = normalized(dev.get(i), "lakeshore-dev", "dev");
      Map<String, Object> p = normalized(prod.get(i), "lakeshore", "prod");
      assertThat(d).as("%s %s", dev.get(i).get("kind"), name(dev.get(i))).isEqualTo(p);
    }
    assertThat(spec(find(dev, "CronWorkflow", "lakeshore-commerce"))).containsEntry("suspend", true);
    assertThat(spec(find(prod, "CronWorkflow", "lakeshore-commerce"))).doesNotContainKey("suspend");
    assertThat(spec(find(dev, "WorkflowTemplate", "lakeshore-commerce-backfill"))).containsEntry("parallelism", 1);
    assertThat(spec(find(prod, "WorkflowTemplate", "lakeshore-commerce-backfill"))).containsEntry("parallelism", 4);
  }

  @Test
  void everyReferencedTemplateAndParameterExists() {
    for (String overlay : OVERLAYS) {
      List<Map<String, Object>> docs = documents(overlay);
      Map<String, Map<String, Map<String, Object>>> templates = new TreeMap<>();
      for (Map<String, Object> wt : docs) {
        if (wt.get("kind").equals("WorkflowTemplate")) {
          Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
          list(spec(wt).get("templates")).forEach(t -> byName.put((String) map(t).get("name"), map(t)));
          templates.put(name(wt), byName);
          assertThat(byName).as("%s entrypoint", name(wt)).containsKey((String) spec(wt).get("entrypoint"));
          assertThat(names(map(spec(wt).get("arguments")))).as("%s arguments = entrypoint inputs", name(wt))
              .isEqualTo(names(map(byName.get(spec(wt).get("entrypoint")).get("inputs"))));
        }
      }
      assertThat(templates.keySet()).containsExactly("lakeshore-commerce", "lakeshore-commerce-backfill");
      int tasks = 0;
      for (Map.Entry<String, Map<String, Map<String, Object>>> wt : templates.entrySet()) {
        for (Map<String, Object> t : wt.getValue().values()) {
          List<String> inputs = names(map(t.get("inputs")));
          assertThat(usedInputs(t)).as("%s/%s uses only its inputs", wt.getKey(), t.get("name")).isSubsetOf(inputs);
          if (t.get("dag") == null) {
            continue;
          }
          for (Object o : list(map(t.get("dag")).get("tasks"))) {
            Map<String, Object> task = map(o);
            Map<String, Object> called;
            if (task.get("templateRef") != null) {
              Map<String, Object> ref = map(task.get("templateRef"));
              assertThat(templates).containsKey((String) ref.get("name"));
              called = templates.get(ref.get("name")).get(ref.get("template"));
            } else {
              called = wt.getValue().get(task.get("template"));
            }
            assertThat(called).as("%s/%s task %s calls an existing template", wt.getKey(), t.get("name"), task.get("name")).isNotNull();
            assertThat(names(map(task.get("arguments")))).as("task %s passes exactly the inputs of %s", task.get("name"), called.get("name"))
                .isEqualTo(names(map(called.get("inputs"))));
            if (task.get("depends") != null) {
              Set<String> siblings = new TreeSet<>();
              list(map(t.get("dag")).get("tasks")).forEach(s -> siblings.add((String) map(s).get("name")));
              assertThat(siblings).contains(((String) task.get("depends")).replace(".Succeeded", ""));
            }
            tasks++;
          }
        }
      }
      assertThat(tasks).isEqualTo(2 * 3 + 2); // two pipeline DAGs of three jobs, two backfill tasks
      Map<String, Object> cron = spec(find(docs, "CronWorkflow", "lakeshore-commerce"));
      Map<String, Object> wfSpec = map(cron.get("workflowSpec"));
      Map<String, Object> ref = map(wfSpec.get("workflowTemplateRef"));
      assertThat(templates).containsKey((String) ref.get("name"));
      assertThat(names(map(wfSpec.get("arguments")))).isEqualTo(List.of("date"));
    }
  }

  /**
   * Each job step creates the job's generated SparkApplication (image tagged with the project
   * version, main class, jar, Spark settings, placement) for the step's window, and the job's CLI
   * (picocli, in-process: JobOptions and its window rules, without Spark) accepts the arguments.
   */
  @Test
  void everyJobStepCreatesTheGeneratedApplication() throws Exception {
    Map<String, JobLaunch> launches = new TreeMap<>();
    Repo.launches().forEach(l -> launches.put(l.job().name(), l));
    List<String> discovered = JobRef.discover(Repo.VERSION).stream().map(JobRef::mainClass).toList();
    List<Map<String, Object>> steps = jobTemplates(documents("prod"));
    assertThat(steps).extracting(t -> t.get("name")).containsExactly("enrichment", "curation", "aggregation",
        "enrichment-only-missing", "curation-only-missing", "aggregation-only-missing");
    for (Map<String, Object> step : steps) {
      String name = (String) step.get("name");
      boolean onlyMissing = name.endsWith("-only-missing");
      JobLaunch launch = launches.get(name.replace("-only-missing", ""));
      Window window = onlyMissing ? Window.range("2026-01-02", "2026-01-02", Window.Missing.ONLY_MISSING) : Window.date("2026-01-02");
      Map<String, Object> app = map(Yaml.read(manifest(step, "2026-01-02")));
      Map<String, Object> expected = map(Yaml.read(Yaml.yaml(Manifests.sparkApplication(launch, "x", window))));

      assertThat(app.get("spec")).as(name).isEqualTo(expected.get("spec"));
      assertThat(map(app.get("metadata"))).isEqualTo(Map.of("generateName", "lakeshore-" + launch.job().name() + "-2026-01-02-",
          "labels", map(expected.get("metadata")).get("labels")));
      assertThat(spec(app).get("image")).isEqualTo("ghcr.io/lakeshore/lakeshore-jobs:" + Repo.VERSION);
      assertThat(discovered).contains((String) spec(app).get("mainClass"));
      List<String> args = list(spec(app).get("arguments")).stream().map(String::valueOf).toList();
      assertThat(args).endsWith(onlyMissing
          ? new String[] {"--from", "2026-01-02", "--to", "2026-01-02", "--only-missing"} : new String[] {"--date", "2026-01-02"});
      assertThat(parseJobOptions(args)).isEqualTo("2026-01-02");
    }
  }

  /** The launchers and the driver stay off spot nodes; only the executors tolerate them. */
  @Test
  void onlyExecutorsTolerateSpot() {
    for (Map<String, Object> doc : documents("prod")) {
      if (!doc.get("kind").equals("WorkflowTemplate")) {
        continue;
      }
      assertThat(spec(doc)).doesNotContainKeys("tolerations", "nodeSelector", "podSpecPatch");
      for (Object o : list(spec(doc).get("templates"))) {
        Map<String, Object> t = map(o);
        assertThat(t).doesNotContainKeys("tolerations", "nodeSelector", "podSpecPatch");
        if (t.get("resource") != null) {
          assertThat(t.get("affinity")).as("launcher %s", t.get("name")).isEqualTo(NOT_SPOT);
          Map<String, Object> app = map(Yaml.read(manifest(t, "2026-01-02")));
          Map<String, Object> driver = map(spec(app).get("driver"));
          Map<String, Object> executor = map(spec(app).get("executor"));
          assertThat(driver.get("affinity")).isEqualTo(NOT_SPOT);
          assertThat(driver).doesNotContainKey("tolerations");
          assertThat(executor.get("tolerations")).isEqualTo(List.of(SPOT_TOLERATION));
        }
      }
    }
  }

  /**
   * The Role grants the launch exactly what it does: create each kind its resource templates
   * create and get it (waiting for the conditions), and the executor's WorkflowTaskResult
   * (create, patch); bound to the account every workflow runs as, in the same namespace.
   */
  @Test
  void rbacGrantsExactlyWhatTheLaunchUses() {
    for (String overlay : OVERLAYS) {
      List<Map<String, Object>> docs = documents(overlay);
      String namespace = overlay.equals("dev") ? "lakeshore-dev" : "lakeshore";
      Map<String, Set<String>> used = new TreeMap<>();
      used.put("argoproj.io/workflowtaskresults", Set.of("create", "patch"));
      Set<String> accounts = new HashSet<>();
      for (Map<String, Object> doc : docs) {
        if (doc.get("kind").equals("WorkflowTemplate")) {
          accounts.add((String) spec(doc).get("serviceAccountName"));
          for (Object o : list(spec(doc).get("templates"))) {
            Map<String, Object> resource = map(map(o).get("resource"));
            if (resource != null) {
              Map<String, Object> app = map(Yaml.read(manifest(map(o), "2026-01-02")));
              String group = ((String) app.get("apiVersion")).split("/")[0];
              String plural = ((String) app.get("kind")).toLowerCase() + "s";
              Set<String> verbs = used.computeIfAbsent(group + "/" + plural, k -> new TreeSet<>());
              verbs.add((String) resource.get("action"));
              verbs.add("get"); // the executor polls the resource until a condition decides
            }
          }
        }
      }
      Map<String, Set<String>> granted = new TreeMap<>();
      Map<String, Object> role = find(docs, "Role", "lakeshore-workflow");
      for (Object r : list(role.get("rules"))) {
        Map<String, Object> rule = map(r);
        assertThat(rule.keySet()).containsExactly("apiGroups", "resources", "verbs");
        for (Object g : list(rule.get("apiGroups"))) {
          for (Object res : list(rule.get("resources"))) {
            granted.computeIfAbsent(g + "/" + res, k -> new TreeSet<>()).addAll(list(rule.get("verbs")).stream().map(String::valueOf).toList());
          }
        }
      }
      assertThat(granted).isEqualTo(used);
      assertThat(accounts).containsExactly("lakeshore-workflow");
      assertThat(find(docs, "ServiceAccount", "lakeshore-workflow")).isNotNull();
      Map<String, Object> binding = find(docs, "RoleBinding", "lakeshore-workflow");
      assertThat(binding.get("roleRef")).isEqualTo(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "lakeshore-workflow"));
      assertThat(binding.get("subjects")).isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", "lakeshore-workflow", "namespace", namespace)));
      for (Map<String, Object> doc : docs) {
        assertThat(map(doc.get("metadata")).get("namespace")).as("%s %s", doc.get("kind"), name(doc)).isEqualTo(namespace);
      }
    }
  }

  /**
   * The backfill's tasks expanded as Argo's controller expands them (argo-check: Argo's template
   * substitution and expression functions): one pipeline run per date, in date order, across a
   * month end; the `when` of each task picks the pipeline; `to` before `from` fails naming both.
   */
  @Test
  void backfillExpandsToOneRunPerDateInOrder() {
    Map<String, Object> backfill = find(documents("prod"), "WorkflowTemplate", "lakeshore-commerce-backfill");
    Map<String, Object> template = map(list(spec(backfill).get("templates")).get(0));
    assertThat(map(template.get("dag"))).containsEntry("failFast", false);
    List<Object> tasks = list(map(template.get("dag")).get("tasks"));
    Map<String, Object> run = map(tasks.get(0));
    Map<String, Object> runOnlyMissing = map(tasks.get(1));
    assertThat(map(run.get("templateRef")).get("template")).isEqualTo("pipeline");
    assertThat(map(runOnlyMissing.get("templateRef")).get("template")).isEqualTo("pipeline-only-missing");

    Map<String, String> scope = Map.of("inputs.parameters.from", "2026-02-27", "inputs.parameters.to", "2026-03-02",
        "inputs.parameters.only-missing", "false");
    assertThat(expandedDates(run, scope)).containsExactly("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02");
    assertThat(expandedDates(runOnlyMissing, scope)).isEmpty(); // its `when` is false: skipped
    assertThat(when(run, scope)).isTrue();
    assertThat(when(runOnlyMissing, scope)).isFalse();
    Map<String, String> onlyMissing = new TreeMap<>(scope);
    onlyMissing.put("inputs.parameters.only-missing", "true");
    assertThat(expandedDates(run, onlyMissing)).isEmpty();
    assertThat(expandedDates(runOnlyMissing, onlyMissing)).containsExactly("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02");
    assertThat(when(run, onlyMissing)).isFalse();
    assertThat(when(runOnlyMissing, onlyMissing)).isTrue();

    // a controller in a zone with DST (Argo's images run in UTC): calendar days, not 24-hour steps
    Map<String, String> autumn = Map.of("inputs.parameters.from", "2026-10-31", "inputs.parameters.to", "2026-11-02",
        "inputs.parameters.only-missing", "false");
    assertThat(expandedDates(run, autumn, "America/New_York")).containsExactly("2026-10-31", "2026-11-01", "2026-11-02");
    assertThat(expandedDates(run, autumn, "Europe/Berlin")).containsExactly("2026-10-31", "2026-11-01", "2026-11-02");

    assertThat(expandedDates(run, Map.of("inputs.parameters.from", "2026-01-05", "inputs.parameters.to", "2026-01-05",
        "inputs.parameters.only-missing", "false"))).containsExactly("2026-01-05");
    Map<String, Object> reversed = eval(Map.of("op", "expand", "task", run, "scope", Map.of("inputs.parameters.from", "2026-01-05",
        "inputs.parameters.to", "2026-01-04", "inputs.parameters.only-missing", "false")));
    assertThat((String) reversed.get("error")).contains("Cannot backfill: to 2026-01-04 is before from 2026-01-05");
  }

  /**
   * Runs the workflow for the day before its scheduled time, in the schedule's zone; never two
   * at once; and it is the v4 form ({@code schedules}).
   */
  @Test
  void cronWorkflowRunsTheDayBeforeItsScheduledTime() {
    Map<String, Object> cron = spec(find(documents("prod"), "CronWorkflow", "lakeshore-commerce"));
    assertThat(cron).containsEntry("schedules", List.of("0 3 * * *")).containsEntry("timezone", "Etc/UTC")
        .containsEntry("concurrencyPolicy", "Forbid").containsEntry("startingDeadlineSeconds", 3600)
        .containsEntry("successfulJobsHistoryLimit", 3).containsEntry("failedJobsHistoryLimit", 5);
    String date = (String) map(list(map(map(cron.get("workflowSpec")).get("arguments")).get("parameters")).get(0)).get("value");
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2026-03-01T03:00:00Z"))).isEqualTo("2026-02-28");
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2025-01-01T03:00:00Z"))).isEqualTo("2024-12-31");
    // a zone east of UTC: 00:30 on the 2nd there is still the 1st in UTC; the date is the zone's
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2026-06-02T00:30:00+02:00"))).isEqualTo("2026-06-01");
  }

  /**
   * The job steps' state conditions and retry expression, evaluated by Argo's code: COMPLETED
   * succeeds; FAILED fails with a message the retry expression retries; SUBMISSION_FAILED is not
   * retried; a lost launcher pod (deleted, node shutdown) is retried.
   */
  @Test
  void failedApplicationsAndLostLaunchersAreRetried() {
    Map<String, Object> step = jobTemplates(documents("prod")).get(0);
    Map<String, Object> resource = map(step.get("resource"));
    String expression = (String) map(step.get("retryStrategy")).get("expression");
    assertThat(map(step.get("retryStrategy"))).containsEntry("retryPolicy", "Always").containsEntry("limit", "3")
        .containsEntry("affinity", Map.of("nodeAntiAffinity", Map.of()));

    assertThat(condition(resource, "COMPLETED")).isEqualTo("succeeded");
    assertThat(condition(resource, "RUNNING")).isEqualTo("waiting");
    String failed = condition(resource, "FAILED");
    String notSubmitted = condition(resource, "SUBMISSION_FAILED");
    // Argo formats the matched labels.Requirement value with %s: its fields, not its selector text
    assertThat(failed).isEqualTo("failure condition '{status.applicationState.state == [FAILED]}' evaluated true");
    assertThat(notSubmitted).isEqualTo("failure condition '{status.applicationState.state == [SUBMISSION_FAILED]}' evaluated true");

    assertThat(retried(expression, "Failed", failed)).isTrue();
    assertThat(retried(expression, "Failed", notSubmitted)).isFalse();
    assertThat(retried(expression, "Error", "pod deleted")).isTrue();
    assertThat(retried(expression, "Error", "Pod was terminated in response to imminent node shutdown.")).isTrue();
  }

  // --- helpers

  private static synchronized String build(String overlay) {
    return BUILDS.computeIfAbsent(overlay, o -> {
      Repo.Result r = Repo.run(List.of(Repo.k8sTools().get("kustomize").toString(), "build",
          Repo.ROOT.resolve("argo-workflows/overlays/" + o).toString()), Map.of(), 120);
      assertThat(r.exitCode()).as(r.output()).isZero();
      return r.output();
    });
  }

  private static List<Map<String, Object>> documents(String overlay) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String doc : build(overlay).split("(?m)^---$")) {
      if (!doc.isBlank()) {
        docs.add(map(Yaml.read(doc)));
      }
    }
    return docs;
  }

  private static List<Map<String, Object>> jobTemplates(List<Map<String, Object>> docs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list(spec(find(docs, "WorkflowTemplate", "lakeshore-commerce")).get("templates"))) {
      if (map(o).get("resource") != null) {
        out.add(map(o));
      }
    }
    return out;
  }

  /** A resource template's manifest, substituted by Argo's code for {@code date}. */
  private static String manifest(Map<String, Object> template, String date) {
    return replace((String) map(template.get("resource")).get("manifest"), Map.of("inputs.parameters.date", date));
  }

  private static String replace(String text, Map<String, String> scope) {
    Map<String, Object> answer = eval(Map.of("op", "replace", "text", text, "scope", scope));
    assertThat(answer.get("error")).as(text).isNull();
    return (String) answer.get("result");
  }

  private static boolean when(Map<String, Object> task, Map<String, String> scope) {
    Map<String, Object> answer = eval(Map.of("op", "when", "text", replace((String) task.get("when"), scope)));
    assertThat(answer.get("error")).isNull();
    return Boolean.TRUE.equals(answer.get("result"));
  }

  private static List<String> expandedDates(Map<String, Object> task, Map<String, String> scope) {
    return expandedDates(task, scope, "UTC");
  }

  private static List<String> expandedDates(Map<String, Object> task, Map<String, String> scope, String timeZone) {
    Map<String, Object> answer = eval(Map.of("op", "expand", "task", task, "scope", scope), timeZone);
    assertThat(answer.get("error")).isNull();
    List<String> dates = new ArrayList<>();
    for (Object t : list(answer.get("result"))) {
      Map<String, Object> param = map(list(map(map(t).get("arguments")).get("parameters")).get(0));
      assertThat(param.get("name")).isEqualTo("date");
      dates.add((String) param.get("value"));
    }
    return dates;
  }

  private static String condition(Map<String, Object> resource, String state) {
    String json = "{\"status\":{\"applicationState\":{\"state\":\"" + state + "\"}}}";
    Map<String, Object> answer = eval(Map.of("op", "conditions", "success", resource.get("successCondition"),
        "failure", resource.get("failureCondition"), "text", json));
    assertThat(answer.get("error")).isNull();
    return (String) answer.get("result");
  }

  private static boolean retried(String expression, String status, String message) {
    Map<String, Object> answer = eval(Map.of("op", "retry", "expression", expression, "scope", Map.of(
        "retries", "0", "lastRetry.exitCode", "-1", "lastRetry.status", status, "lastRetry.duration", "300",
        "lastRetry.message", message)));
    assertThat(answer.get("error")).isNull();
    return Boolean.TRUE.equals(answer.get("result"));
  }

  private static Map<String, Object> eval(Map<String, Object> request) {
    return eval(request, "UTC");
  }

  /** One request to argo-check eval (Argo's own code), in the time zone {@code timeZone} (Go's TZ). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> eval(Map<String, Object> request, String timeZone) {
    try {
      ProcessBuilder pb = new ProcessBuilder(Repo.k8sTools().get("argo-check").toString(), "eval")
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("TZ", timeZone);
      Process p = pb.start();
      p.getOutputStream().write(JSON.writeValueAsBytes(request));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      return JSON.readValue(out, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses {@code args} as the jobs' CLI does (picocli over etl-core's package-private
   * JobOptions) and returns the window's text; fails on an argument the CLI refuses.
   */
  private static String parseJobOptions(List<String> args) throws Exception {
    Class<?> c = Class.forName("io.lakeshore.core.cli.JobOptions");
    Constructor<?> ctor = c.getDeclaredConstructor();
    ctor.setAccessible(true);
    Object options = ctor.newInstance();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    Method window = c.getDeclaredMethod("window");
    window.setAccessible(true);
    return String.valueOf(window.invoke(options));
  }

  private static Set<String> usedInputs(Map<String, Object> template) {
    Set<String> used = new TreeSet<>();
    Map<String, Object> copy = new LinkedHashMap<>(template);
    Object dag = copy.remove("dag");
    Matcher m = INPUT.matcher(Yaml.json(copy) + (dag == null ? "" : Yaml.json(dag)));
    while (m.find()) {
      used.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return used;
  }

  private static Map<String, Object> normalized(Map<String, Object> doc, String namespace, String environment) {
    String text = Yaml.json(doc).replace("\"namespace\" : \"" + namespace + "\"", "\"namespace\" : \"<namespace>\"")
        .replace("\"lakeshore.io/environment\" : \"" + environment + "\"", "\"lakeshore.io/environment\" : \"<environment>\"");
    Map<String, Object> out = map(Yaml.read(text));
    if (out.get("spec") != null) {
      Map<String, Object> spec = new LinkedHashMap<>(spec(out));
      spec.remove("suspend");
      spec.remove("parallelism");
      out.put("spec", spec);
    }
    return out;
  }

  private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream().filter(d -> d.get("kind").equals(kind) && name(d).equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static String name(Map<String, Object> doc) {
    return (String) map(doc.get("metadata")).get("name");
  }

  private static Map<String, Object> spec(Map<String, Object> doc) {
    return map(doc.get("spec"));
  }

  private static List<String> names(Map<String, Object> inputsOrArguments) {
    if (inputsOrArguments == null) {
      return List.of();
    }
    return list(inputsOrArguments.get("parameters")).stream().map(p -> (String) map(p).get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    return file;
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text).contains(from);
    int at = text.indexOf(from);
    return text.substring(0, at) + to + text.substring(at + from.length());
  }
}
