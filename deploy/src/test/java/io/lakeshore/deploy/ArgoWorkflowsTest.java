package io.lakeshore.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The Argo Workflows templates of argo-workflows/ as an environment installs them: each overlay
 * built by kustomize (v5.7.1, tests/k8s-tools.sh), every manifest validated strictly by
 * kubeconform against Argo v4.1.2's CRDs (../shared/k8s-schemas) and Kubernetes 1.34's RBAC
 * kinds, and linted by Argo's lint package (tests/argo-check, Argo v4.0.5 as a library); then what
 * they mean: references and parameters resolve, each job step creates the generated
 * SparkApplication and the job's CLI accepts its arguments, placement, RBAC, and what Argo makes
 * of them at run time.
 *
 * <p>At run time, two kinds of check. Template substitution ({{x}}, {{=expression}}: the backfill
 * dates, the cron's date) and the retry expression are Argo's own code, called through
 * argo-check. What the controller and the executor do with them (expand a {@code withSequence},
 * evaluate a {@code when}, match a resource template's success and failure conditions) is
 * simulated here, written from Argo's documented behaviour, because that code is unexported and
 * Argo's controller cannot run offline (it needs a Kubernetes API server). The simulations cover
 * only the forms our templates use and refuse anything else, so a template that starts using
 * another form fails here instead of being checked wrongly.
 */
class ArgoWorkflowsTest {
  private static final List<String> OVERLAYS = List.of("dev", "prod");
  /** The pipelines the overlays must hold, pinned: a pipeline missing from Pipeline.ALL fails here. */
  private static final List<String> PIPELINES = List.of("commerce", "telemetry");
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
    for (Map<String, Object> t : PIPELINES.stream().flatMap(p -> jobTemplates(documents("prod"), p).stream()).toList()) {
      Path file = dir.resolve("app-" + t.get("name") + ".yaml");
      Files.writeString(file, manifest(t, "2026-01-02"));
      files.add(file);
    }

    Kubeconform.Result result = Repo.kubeconform().validate(files);

    assertThat(result.resources()).as(result.output()).allMatch(Kubeconform.Resource::valid);
    assertThat(result.resources().stream().filter(r -> r.file().endsWith("/dev.yaml")).map(Kubeconform.Resource::kind).sorted())
        .containsExactly("CronWorkflow", "CronWorkflow", "Role", "RoleBinding", "ServiceAccount",
            "WorkflowTemplate", "WorkflowTemplate", "WorkflowTemplate", "WorkflowTemplate");
    assertThat(result.resources().stream().filter(r -> r.kind().equals("SparkApplication"))).hasSize(2 * 6);
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
    for (String p : PIPELINES) {
      assertThat(spec(find(dev, "CronWorkflow", "lakeshore-" + p))).containsEntry("suspend", true);
      assertThat(spec(find(prod, "CronWorkflow", "lakeshore-" + p))).doesNotContainKey("suspend");
      assertThat(spec(find(dev, "WorkflowTemplate", "lakeshore-" + p + "-backfill"))).containsEntry("parallelism", 1);
      assertThat(spec(find(prod, "WorkflowTemplate", "lakeshore-" + p + "-backfill"))).containsEntry("parallelism", 4);
    }
  }

  @Test
  void everyReferencedTemplateAndParameterExists() {
    assertThat(Pipeline.ALL).extracting(Pipeline::name).containsExactlyElementsOf(PIPELINES);
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
      assertThat(templates.keySet()).containsExactly(
          "lakeshore-commerce", "lakeshore-commerce-backfill", "lakeshore-telemetry", "lakeshore-telemetry-backfill");
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
      // per pipeline: two pipeline DAGs of three jobs, two backfill tasks
      assertThat(tasks).isEqualTo(PIPELINES.size() * (2 * 3 + 2));
      for (String p : PIPELINES) {
        Map<String, Object> cron = spec(find(docs, "CronWorkflow", "lakeshore-" + p));
        Map<String, Object> wfSpec = map(cron.get("workflowSpec"));
        Map<String, Object> ref = map(wfSpec.get("workflowTemplateRef"));
        assertThat(ref.get("name")).isEqualTo("lakeshore-" + p);
        assertThat(names(map(wfSpec.get("arguments")))).isEqualTo(List.of("date"));
      }
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
    assertThat(jobTemplates(documents("prod"), "commerce")).extracting(t -> t.get("name")).containsExactly(
        "enrichment", "curation", "aggregation", "enrichment-only-missing", "curation-only-missing", "aggregation-only-missing");
    assertThat(jobTemplates(documents("prod"), "telemetry")).extracting(t -> t.get("name")).containsExactly(
        "telemetry-enrichment", "telemetry-curation", "telemetry-aggregation",
        "telemetry-enrichment-only-missing", "telemetry-curation-only-missing", "telemetry-aggregation-only-missing");
    List<Map<String, Object>> steps = PIPELINES.stream().flatMap(p -> jobTemplates(documents("prod"), p).stream()).toList();
    assertThat(steps).hasSize(12);
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
    int launchers = 0;
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
          launchers++;
        }
      }
    }
    assertThat(launchers).isEqualTo(PIPELINES.size() * 2 * 3); // per pipeline: three jobs, two window kinds
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
   * The backfill's tasks expanded as the controller does ({@link #expand}: Argo's substitution and
   * expression functions, the loop and the `when` simulated): one pipeline run per date, in date
   * order, across a month end; the `when` of each task picks the pipeline; `to` before `from`
   * fails naming both.
   */
  @ParameterizedTest
  @MethodSource("pipelines")
  void backfillExpandsToOneRunPerDateInOrder(String pipeline) {
    Map<String, Object> backfill = find(documents("prod"), "WorkflowTemplate", "lakeshore-" + pipeline + "-backfill");
    Map<String, Object> template = map(list(spec(backfill).get("templates")).get(0));
    assertThat(map(template.get("dag"))).containsEntry("failFast", false);
    List<Object> tasks = list(map(template.get("dag")).get("tasks"));
    Map<String, Object> run = map(tasks.get(0));
    Map<String, Object> runOnlyMissing = map(tasks.get(1));
    assertThat(map(run.get("templateRef"))).isEqualTo(Map.of("name", "lakeshore-" + pipeline, "template", "pipeline"));
    assertThat(map(runOnlyMissing.get("templateRef"))).isEqualTo(Map.of("name", "lakeshore-" + pipeline, "template", "pipeline-only-missing"));

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
    Map<String, String> reversed = Map.of("inputs.parameters.from", "2026-01-05", "inputs.parameters.to", "2026-01-04",
        "inputs.parameters.only-missing", "false");
    assertThatThrownBy(() -> expand(run, reversed, "UTC")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot backfill: to 2026-01-04 is before from 2026-01-05");
  }

  /**
   * Runs the workflow for the day before its scheduled time, in the schedule's zone; never two
   * at once; and it is the v4 form ({@code schedules}).
   */
  @ParameterizedTest
  @CsvSource({"commerce, 0 3 * * *", "telemetry, 30 3 * * *"})
  void cronWorkflowRunsTheDayBeforeItsScheduledTime(String pipeline, String schedule) {
    Map<String, Object> cron = spec(find(documents("prod"), "CronWorkflow", "lakeshore-" + pipeline));
    assertThat(cron).containsEntry("schedules", List.of(schedule)).containsEntry("timezone", "Etc/UTC")
        .containsEntry("concurrencyPolicy", "Forbid").containsEntry("startingDeadlineSeconds", 3600)
        .containsEntry("successfulJobsHistoryLimit", 3).containsEntry("failedJobsHistoryLimit", 5);
    String date = (String) map(list(map(map(cron.get("workflowSpec")).get("arguments")).get("parameters")).get(0)).get("value");
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2026-03-01T03:00:00Z"))).isEqualTo("2026-02-28");
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2025-01-01T03:00:00Z"))).isEqualTo("2024-12-31");
    // a zone east of UTC: 00:30 on the 2nd there is still the 1st in UTC; the date is the zone's
    assertThat(replace(date, Map.of("workflow.scheduledTime", "2026-06-02T00:30:00+02:00"))).isEqualTo("2026-06-01");
  }

  /**
   * The job steps' state conditions ({@link #condition}, simulated) and retry expression (Argo's
   * expression code): COMPLETED succeeds; FAILED fails with a message the retry expression
   * retries; SUBMISSION_FAILED is not retried; a lost launcher pod (deleted, node shutdown) is
   * retried.
   */
  @Test
  void failedApplicationsAndLostLaunchersAreRetried() {
    Map<String, Object> step = jobTemplates(documents("prod"), "commerce").get(0);
    Map<String, Object> resource = map(step.get("resource"));
    String expression = (String) map(step.get("retryStrategy")).get("expression");
    assertThat(map(step.get("retryStrategy"))).containsEntry("retryPolicy", "Always").containsEntry("limit", "3")
        .containsEntry("affinity", Map.of("nodeAntiAffinity", Map.of()));

    assertThat(condition(resource, "COMPLETED")).isEqualTo("succeeded");
    assertThat(condition(resource, "RUNNING")).isEqualTo("waiting");
    String failed = condition(resource, "FAILED");
    String notSubmitted = condition(resource, "SUBMISSION_FAILED");
    // Argo does not document the wording of a failed condition's message (lastRetry.message); the
    // retry expression relies only on it naming the one failure requirement that matched, with
    // its value, and not the whole failureCondition (which names SUBMISSION_FAILED in every case).
    // The simulation's message is worded by us; these assertions keep what the expression needs.
    assertThat(failed).isEqualTo("failure condition matched: status.applicationState.state == FAILED");
    assertThat(notSubmitted).isEqualTo("failure condition matched: status.applicationState.state == SUBMISSION_FAILED");
    assertThat(failed).doesNotContain("SUBMISSION_FAILED");

    assertThat(retried(expression, "Failed", failed)).isTrue();
    assertThat(retried(expression, "Failed", notSubmitted)).isFalse();
    assertThat(retried(expression, "Error", "pod deleted")).isTrue();
    assertThat(retried(expression, "Error", "Pod was terminated in response to imminent node shutdown.")).isTrue();
  }

  /** The simulations refuse what they do not cover instead of guessing; and cover what they claim. */
  @Test
  void simulationsRefuseFormsTheyDoNotCover() {
    assertThat(When.evaluate("'a b' == 'a b' && x != y || false == true")).isTrue();
    assertThat(When.evaluate("true == false || heads == tails")).isFalse();
    assertThatThrownBy(() -> When.evaluate("hea =~ heads")).hasMessage("Cannot evaluate when 'hea =~ heads': '=~ heads' is not simulated");
    assertThatThrownBy(() -> When.evaluate("(a == a)")).hasMessageContaining("'(a == a)' is not simulated");
    assertThatThrownBy(() -> When.evaluate("true == 'true'")).hasMessageContaining("compares a boolean with a string");
    Map<String, Object> app = Map.of("status", Map.of("applicationState", Map.of("state", "FAILED")));
    assertThat(Conditions.match("status.applicationState.state in (COMPLETED, FAILED)", null, app)).isEqualTo("succeeded");
    assertThat(Conditions.match(null, "status.applicationState.state notin (COMPLETED), status.x = y", app))
        .isEqualTo("failure condition matched: status.applicationState.state notin (COMPLETED)");
    assertThat(Conditions.match("status.missing != x", "status.missing == x", app)).isEqualTo("succeeded");
    assertThatThrownBy(() -> Conditions.match("status.succeeded > 0", null, app))
        .hasMessage("Cannot match condition 'status.succeeded > 0': only =, ==, !=, in and notin are simulated");
    assertThat(sequenceItems(Map.of("start", "3", "end", "5", "format", "day-%02d"))).containsExactly("day-03", "day-04", "day-05");
    assertThat(sequenceItems(Map.of("count", "0"))).isEmpty();
    assertThatThrownBy(() -> sequenceItems(Map.of("start", "5", "end", "3"))).hasMessageContaining("descending");
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

  static List<String> pipelines() {
    return PIPELINES;
  }

  /** The job steps (resource templates) of a pipeline's WorkflowTemplate, in template order. */
  private static List<Map<String, Object>> jobTemplates(List<Map<String, Object>> docs, String pipeline) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list(spec(find(docs, "WorkflowTemplate", "lakeshore-" + pipeline)).get("templates"))) {
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
    return replace(text, scope, false, "UTC");
  }

  /**
   * {@code text} substituted by Argo's template code; with {@code allowUnresolved} a tag it cannot
   * resolve yet (such as {{item}} before the loop) is kept. Fails with Argo's message otherwise.
   */
  private static String replace(String text, Map<String, String> scope, boolean allowUnresolved, String timeZone) {
    Map<String, Object> answer = eval(Map.of("op", "replace", "text", text, "scope", scope, "allowUnresolved", allowUnresolved), timeZone);
    if (answer.get("error") != null) {
      throw new IllegalStateException("Cannot substitute " + text + ": " + answer.get("error"));
    }
    return (String) answer.get("result");
  }

  private static boolean when(Map<String, Object> task, Map<String, String> scope) {
    return When.evaluate(replace((String) task.get("when"), scope));
  }

  private static List<String> expandedDates(Map<String, Object> task, Map<String, String> scope) {
    return expandedDates(task, scope, "UTC");
  }

  private static List<String> expandedDates(Map<String, Object> task, Map<String, String> scope, String timeZone) {
    List<String> dates = new ArrayList<>();
    for (Map<String, Object> t : expand(task, scope, timeZone)) {
      Map<String, Object> param = map(list(map(t.get("arguments")).get("parameters")).get(0));
      assertThat(param.get("name")).isEqualTo("date");
      dates.add((String) param.get("value"));
    }
    return dates;
  }

  /**
   * A DAG task as the controller runs it, simulated from Argo's docs (walk-through "Loops" and
   * "Conditionals", field reference "Sequence"), in a controller whose time zone is
   * {@code timeZone}: a task whose substituted {@code when} is false runs nothing; otherwise its
   * parameters are substituted from the DAG's {@code scope} (tags needing {{item}} wait), its
   * {@code withSequence} gives the items, and each item gets its own copy of the task with
   * {{item}} substituted as well. A task without a loop is one copy.
   */
  private static List<Map<String, Object>> expand(Map<String, Object> task, Map<String, String> scope, String timeZone) {
    if (task.get("when") != null && !When.evaluate(replace((String) task.get("when"), scope, false, timeZone))) {
      return List.of();
    }
    Map<String, Object> resolved = map(Yaml.read(replace(Yaml.json(task), scope, true, timeZone)));
    Object sequence = resolved.remove("withSequence");
    assertThat(resolved).as("only withSequence loops are simulated").doesNotContainKeys("withItems", "withParam");
    if (sequence == null) {
      return List.of(resolved);
    }
    String perItem = Yaml.json(resolved);
    List<Map<String, Object>> copies = new ArrayList<>();
    for (String item : sequenceItems(map(sequence))) {
      Map<String, String> itemScope = new TreeMap<>(scope);
      itemScope.put("item", item);
      copies.add(map(Yaml.read(replace(perItem, itemScope, false, timeZone))));
    }
    return copies;
  }

  /**
   * The items of a {@code withSequence}, as Argo documents the fields: numbers from {@code start}
   * (default 0), either {@code count} of them or up to {@code end} inclusive, each printed with
   * the printf-style {@code format} (default: the plain number). A descending range (end before
   * start) is not simulated: the templates never ask for one.
   */
  private static List<String> sequenceItems(Map<String, Object> sequence) {
    int start = sequence.get("start") == null ? 0 : Integer.parseInt(String.valueOf(sequence.get("start")));
    Object count = sequence.get("count");
    Object end = sequence.get("end");
    if ((count == null) == (end == null)) {
      throw new IllegalStateException("Cannot expand withSequence " + sequence + ": it needs exactly one of count and end");
    }
    int last = end != null ? Integer.parseInt(String.valueOf(end)) : start + Integer.parseInt(String.valueOf(count)) - 1;
    if (end != null && last < start) {
      throw new IllegalStateException("Cannot expand withSequence " + sequence + ": a descending sequence is not simulated");
    }
    String format = sequence.get("format") == null ? "%d" : (String) sequence.get("format");
    List<String> items = new ArrayList<>();
    for (int i = start; i <= last; i++) {
      items.add(String.format(format, i));
    }
    return items;
  }

  /**
   * A substituted {@code when}, evaluated as Argo documents it (walk-through "Conditionals",
   * govaluate syntax) for the forms our templates use: comparisons {@code a == b} and
   * {@code a != b} of unquoted words or quoted strings, joined by {@code &&} (binding closer) and
   * {@code ||}. Unquoted {@code true}/{@code false} are booleans, other words strings, and a
   * boolean never equals a string. Anything else (parentheses, numbers, =~, <, !) is refused.
   */
  static final class When {
    private static final Pattern TOKEN = Pattern.compile("\\s*(==|!=|&&|\\|\\||'[^']*'|\"[^\"]*\"|[A-Za-z_][-A-Za-z0-9_.]*)");

    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private int at;

    private When(String text) {
      this.text = text;
      Matcher m = TOKEN.matcher(text);
      int end = 0;
      while (m.lookingAt()) {
        tokens.add(m.group(1));
        end = m.end();
        m.region(end, text.length());
      }
      if (!text.substring(end).isBlank()) {
        throw refused("'" + text.substring(end).strip() + "' is not simulated");
      }
    }

    static boolean evaluate(String text) {
      When w = new When(text);
      boolean result = w.or();
      if (w.at < w.tokens.size()) {
        throw w.refused("unexpected '" + w.tokens.get(w.at) + "'");
      }
      return result;
    }

    private boolean or() {
      boolean result = and();
      while (next("||")) {
        result |= and();
      }
      return result;
    }

    private boolean and() {
      boolean result = comparison();
      while (next("&&")) {
        result &= comparison();
      }
      return result;
    }

    private boolean comparison() {
      Object left = operand();
      boolean equal;
      if (next("==")) {
        equal = true;
      } else if (next("!=")) {
        equal = false;
      } else {
        throw refused("a comparison (== or !=) must follow " + left);
      }
      Object right = operand();
      if (left.getClass() != right.getClass()) {
        throw refused("it compares a boolean with a string: " + left + ", " + right);
      }
      return left.equals(right) == equal;
    }

    private Object operand() {
      if (at >= tokens.size()) {
        throw refused("it ends where a value is expected");
      }
      String t = tokens.get(at++);
      if (t.startsWith("'") || t.startsWith("\"")) {
        return t.substring(1, t.length() - 1);
      }
      if (t.equals("true") || t.equals("false")) {
        return Boolean.valueOf(t);
      }
      if (t.equals("==") || t.equals("!=") || t.equals("&&") || t.equals("||")) {
        throw refused("'" + t + "' where a value is expected");
      }
      return t;
    }

    private boolean next(String operator) {
      if (at < tokens.size() && tokens.get(at).equals(operator)) {
        at++;
        return true;
      }
      return false;
    }

    private IllegalStateException refused(String reason) {
      return new IllegalStateException("Cannot evaluate when '" + text + "': " + reason);
    }
  }

  private static String condition(Map<String, Object> resource, String state) {
    Map<String, Object> json = Map.of("status", Map.of("applicationState", Map.of("state", state)));
    return Conditions.match((String) resource.get("successCondition"), (String) resource.get("failureCondition"), json);
  }

  /**
   * A resource template's conditions on the resource it polls, simulated from Argo's docs
   * (walk-through "Kubernetes Resources": Kubernetes label-selector syntax, applied to any field
   * of the resource by its dotted path): "succeeded" when every requirement of the
   * successCondition holds, "waiting" while one does not, and a failure message when a
   * requirement of the failureCondition holds. The comma means AND in the successCondition but
   * each failure requirement fails the step on its own (an OR): the maintainers' reading of the
   * executor in argoproj/argo-workflows issue #11217, where the docs say AND for both; the
   * templates rely on it (FAILED, SUBMISSION_FAILED). The failure condition is checked first.
   * Operators simulated: {@code =}, {@code ==}, {@code !=}, {@code in (..)}, {@code notin (..)};
   * as in label selectors, a missing field never equals and always differs.
   */
  static final class Conditions {
    private static final Pattern REQUIREMENT =
        Pattern.compile("\\s*([A-Za-z0-9_.\\-/]+)\\s*(==|=|!=|\\bin\\b|\\bnotin\\b)\\s*(\\([^)]*\\)|[^,()\\s]+)\\s*");

    static String match(String success, String failure, Map<String, Object> resource) {
      if (failure != null) {
        for (String requirement : requirements(failure)) {
          if (holds(requirement, resource)) {
            return "failure condition matched: " + requirement;
          }
        }
      }
      if (success != null) {
        for (String requirement : requirements(success)) {
          if (!holds(requirement, resource)) {
            return "waiting";
          }
        }
      }
      return "succeeded";
    }

    /** The comma-separated requirements, a comma inside {@code in (..)} not separating. */
    private static List<String> requirements(String selector) {
      List<String> out = new ArrayList<>();
      int depth = 0;
      int from = 0;
      for (int i = 0; i <= selector.length(); i++) {
        char c = i < selector.length() ? selector.charAt(i) : ',';
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (c == ',' && depth == 0) {
          out.add(selector.substring(from, i).strip());
          from = i + 1;
        }
      }
      return out;
    }

    private static boolean holds(String requirement, Map<String, Object> resource) {
      Matcher m = REQUIREMENT.matcher(requirement);
      if (!m.matches()) {
        throw new IllegalStateException("Cannot match condition '" + requirement + "': only =, ==, !=, in and notin are simulated");
      }
      String op = m.group(2);
      String values = m.group(3);
      boolean set = op.equals("in") || op.equals("notin");
      if (set != values.startsWith("(")) {
        throw new IllegalStateException("Cannot match condition '" + requirement + "': " + op + " takes " + (set ? "a (list)" : "one value"));
      }
      List<String> allowed = set
          ? List.of(values.substring(1, values.length() - 1).split(",")).stream().map(String::strip).toList()
          : List.of(values);
      String actual = field(resource, m.group(1));
      boolean in = actual != null && allowed.contains(actual);
      return op.equals("!=") || op.equals("notin") ? !in : in;
    }

    /** The value at a dotted path as text, or null when a step of the path is missing. */
    private static String field(Map<String, Object> resource, String path) {
      Object value = resource;
      for (String key : path.split("\\.")) {
        if (!(value instanceof Map<?, ?> m) || !m.containsKey(key)) {
          return null;
        }
        value = m.get(key);
      }
      return value == null ? null : String.valueOf(value);
    }
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

  /** One request to argo-check eval (Argo's code), in the time zone {@code timeZone} (Go's TZ). */
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
