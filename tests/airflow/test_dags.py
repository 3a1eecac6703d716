"""The DAGs as Airflow 3 parses them: DagBag import, task graph, schedule, retries, params and
the arguments each flavour renders for one run, against deploy/generated/launches.json."""

import json
import warnings
from dataclasses import dataclass
from datetime import timedelta

import pendulum
import pytest
import yaml
from airflow.dag_processing.dagbag import BundleDagBag
from airflow.sdk.exceptions import AirflowFailException

from conftest import DAGS, REPO
from lakeshore_dags import (CLUSTER, LOCAL, DeclaredPipeline, Maintenance, Pipeline, Window, build_dags, build_maintenance_dag,
                            flavour, load_launches, load_pipelines)
from lakeshore_dags.factory import check_window

# the day a daily run covers: its data interval starts then (the run itself starts a day later)
DATE = "2026-01-05"
INTERVAL = (pendulum.datetime(2026, 1, 5, 3, tz="UTC"), pendulum.datetime(2026, 1, 6, 3, tz="UTC"))
BACKFILL_PARAMS = {"from": "2026-01-01", "to": "2026-01-03", "only_missing": True}
DAG_IDS = ["lakeshore_commerce", "lakeshore_commerce_backfill", "lakeshore_maintenance", "lakeshore_telemetry",
           "lakeshore_telemetry_backfill"]
GENERATED = REPO / "deploy" / "generated"
LAUNCHES = json.loads((GENERATED / "launches.json").read_text())["jobs"]
COMMERCE = ["enrichment", "curation", "aggregation"]
TELEMETRY = ["telemetry-enrichment", "telemetry-curation", "telemetry-aggregation"]


@dataclass(frozen=True)
class Domain:
    """What a domain's DAGs must be, pinned here (not read from launches.json, which they come from)."""

    jobs: list
    schedule: str
    owner: str
    title: str


# every domain's DAGs get the same checks
DOMAINS = {
    "commerce": Domain(COMMERCE, "0 3 * * *", "commerce-data", "### Commerce: orders to serving tables, every day"),
    "telemetry": Domain(TELEMETRY, "30 3 * * *", "telemetry-data", "### Telemetry: sensor readings to serving tables, every day"),
}
ALL_LAUNCHES = sorted(COMMERCE + TELEMETRY)


def dagbag(monkeypatch, flavour_name):
    monkeypatch.setenv("LAKESHORE_FLAVOUR", flavour_name)
    with warnings.catch_warnings():
        # any warning while parsing (a deprecated import, a deprecated argument) fails the test
        warnings.simplefilter("error")
        bag = BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="lakeshore")
    assert bag.import_errors == {}
    assert bag.captured_warnings == {}
    return bag


def parsed(monkeypatch, flavour_name, dag_id="lakeshore_commerce"):
    bag = dagbag(monkeypatch, flavour_name)
    assert sorted(bag.dags) == DAG_IDS
    return bag.dags[dag_id]


def commerce(monkeypatch, flavour_name):
    return parsed(monkeypatch, flavour_name)


def rendered(task, field, params=None):
    """The field as Airflow renders it for a run over INTERVAL (its own Jinja environment);
    `ds` is the logical date, which a data-interval timetable sets to the interval's start."""
    start, end = INTERVAL
    context = {"ds": DATE, "ds_nodash": DATE.replace("-", ""), "data_interval_start": start, "data_interval_end": end,
               "logical_date": start, "params": params or {}}
    return task.render_template(getattr(task, field), context, task.dag.get_template_env())


@pytest.mark.parametrize("flavour_name", [LOCAL, CLUSTER])
@pytest.mark.parametrize("domain", DOMAINS)
def test_daily_dag_shape(monkeypatch, domain, flavour_name):
    expected = DOMAINS[domain]
    dag = parsed(monkeypatch, flavour_name, f"lakeshore_{domain}")
    first, second, third = expected.jobs
    assert dag.task_ids == expected.jobs
    assert {t: sorted(dag.get_task(t).upstream_task_ids) for t in expected.jobs} == {
        first: [], second: [first], third: [second]}
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert (dag.timetable.expression, str(dag.timetable.timezone)) == (expected.schedule, "UTC")
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.tags == {"lakeshore", domain, flavour_name}
    assert dag.owner == expected.owner
    assert dag.doc_md.lstrip().startswith(expected.title)
    for task in dag.tasks:
        assert (task.retries, task.retry_delay, task.retry_exponential_backoff, task.max_retry_delay) == (
            3, timedelta(minutes=5), 2.0, timedelta(hours=1)), task.task_id
        assert task.owner == expected.owner


def test_pipelines_are_the_ones_deploy_declares():
    # the list the Argo templates are made from, as launches.json carries it to the DAG files
    assert load_pipelines() == {d: DeclaredPipeline(d, tuple(e.jobs), e.schedule) for d, e in DOMAINS.items()}
    pipeline = Pipeline.declared("telemetry", owner="o", doc_md="d", retries=1)
    assert (pipeline.jobs, pipeline.schedule, pipeline.retries) == (tuple(TELEMETRY), "30 3 * * *", 1)
    with pytest.raises(ValueError) as error:
        Pipeline.declared("parcels", owner="o", doc_md="d")
    assert str(error.value) == "Cannot build pipeline parcels: deploy declares no such pipeline (pipelines: ['commerce', 'telemetry'])"


@pytest.mark.parametrize("domain", DOMAINS)
def test_local_flavour_runs_the_job_jars_through_spark_submit(monkeypatch, domain):
    dag = parsed(monkeypatch, LOCAL, f"lakeshore_{domain}")
    for job in DOMAINS[domain].jobs:
        task = dag.get_task(job)
        module = LAUNCHES[job]["module"]
        assert type(task).__name__ == "SparkSubmitOperator"
        assert task._java_class == LAUNCHES[job]["mainClass"]
        assert task.application == str(REPO / module / "target" / f"{module}-0.1.0-SNAPSHOT-job.jar")
        assert task._conn_id == "spark_default"
        assert rendered(task, "name") == f"lakeshore-{job}-{DATE}"
        assert task.conf == {"spark.ui.enabled": "false", "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods"}
        assert rendered(task, "application_args") == [
            "--conf-dir", str(REPO / "conf"), "--env", "local", "--date", DATE]


def test_local_flavour_command_line(monkeypatch):
    # the connection as README tells to set it; the command is the provider hook's own
    monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT", '{"conn_type": "spark", "host": "local[2]"}')
    task = commerce(monkeypatch, LOCAL).get_task("enrichment")
    task.application_args = rendered(task, "application_args")
    task.name = rendered(task, "name")
    jar = str(REPO / "jobs-enrichment" / "target" / "jobs-enrichment-0.1.0-SNAPSHOT-job.jar")
    assert task._get_hook()._build_spark_submit_command(task.application) == [
        "spark-submit", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.extraJavaOptions=-XX:-DontCompileHugeMethods",
        "--name", f"lakeshore-enrichment-{DATE}", "--class", "io.lakeshore.jobs.enrichment.EnrichmentJob", jar,
        "--conf-dir", str(REPO / "conf"), "--env", "local", "--date", DATE]


def test_local_flavour_finds_jars_and_conf_where_told(monkeypatch, tmp_path):
    monkeypatch.setenv("LAKESHORE_JARS_DIR", str(tmp_path / "jars"))
    monkeypatch.setenv("LAKESHORE_CONF_DIR", str(tmp_path / "conf"))
    task = commerce(monkeypatch, LOCAL).get_task("aggregation")
    assert task.application == str(tmp_path / "jars" / "jobs-aggregation-0.1.0-SNAPSHOT-job.jar")
    assert rendered(task, "application_args")[:2] == ["--conf-dir", str(tmp_path / "conf")]


@pytest.mark.parametrize("domain", DOMAINS)
def test_cluster_flavour_submits_the_generated_spark_application(monkeypatch, domain):
    dag = parsed(monkeypatch, CLUSTER, f"lakeshore_{domain}")
    for job in DOMAINS[domain].jobs:
        task = dag.get_task(job)
        assert type(task).__name__ == "SparkKubernetesOperator"
        assert task.namespace == "lakeshore"
        assert task.kubernetes_conn_id == "kubernetes_default"
        task.application_file = rendered(task, "application_file")
        # the provider's own parsing of application_file, as execute() does it
        body = task.manage_template_specs()["spark"]
        # exactly the checked-in manifest with the date substituted, as `envsubst` would
        generated = (GENERATED / LAUNCHES[job]["sparkApplication"]).read_text().replace("${DATE}", DATE)
        assert body == yaml.safe_load(generated)
        spec = body["spec"]
        assert body["metadata"]["name"] == f"lakeshore-{job}-{DATE}"
        assert (spec["mainClass"], spec["image"], spec["mainApplicationFile"]) == (
            LAUNCHES[job]["mainClass"], LAUNCHES[job]["image"], LAUNCHES[job]["jar"])
        assert spec["arguments"] == ["--conf-dir", "/opt/lakeshore/conf", "--env", "k8s", "--date", DATE]
        # driver on on-demand nodes, executors on spot
        driver_terms = spec["driver"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        assert driver_terms["nodeSelectorTerms"][0]["matchExpressions"][0]["operator"] == "NotIn"
        assert spec["executor"]["tolerations"][0]["value"] == "SPOT"


@pytest.mark.parametrize("flavour_name", [LOCAL, CLUSTER])
@pytest.mark.parametrize("domain", DOMAINS)
def test_backfill_dag_shape_and_params(monkeypatch, domain, flavour_name):
    expected = DOMAINS[domain]
    dag = parsed(monkeypatch, flavour_name, f"lakeshore_{domain}_backfill")
    first, second, third = expected.jobs
    assert dag.task_ids == ["check_window", *expected.jobs]
    assert {t: sorted(dag.get_task(t).upstream_task_ids) for t in expected.jobs} == {
        first: ["check_window"], second: [first], third: [second]}
    assert type(dag.timetable).__name__ == "NullTimetable"  # triggered by hand only
    assert (dag.catchup, dag.max_active_runs, dag.owner) == (False, 1, expected.owner)
    assert dag.tags == {"lakeshore", domain, flavour_name, "backfill"}
    assert dag.doc_md.startswith(f"### Backfill of {domain}")
    assert {k: p.schema for k, p in dag.params.items()} == {
        "from": {"type": "string", "format": "date", "title": "First date (YYYY-MM-DD)"},
        "to": {"type": "string", "format": "date", "title": "Last date (YYYY-MM-DD), inclusive"},
        "only_missing": {"type": "boolean", "title": "Only the dates missing, failed or stale in the run ledger"}}
    assert dag.params["only_missing"] is True
    # Airflow validates a triggered run's params: a date that is not one is refused before any task
    from_param = dag.params.get_param("from")
    assert from_param.resolve("2026-01-31") == "2026-01-31"
    with pytest.raises(Exception) as error:
        from_param.resolve("2026-13-01")
    assert "'2026-13-01' is not a 'date'" in str(error.value)
    assert dag.get_task("check_window").retries == 0
    for job in expected.jobs:
        assert dag.get_task(job).retries == 3


@pytest.mark.parametrize("domain", DOMAINS)
def test_backfill_local_arguments(monkeypatch, domain):
    dag = parsed(monkeypatch, LOCAL, f"lakeshore_{domain}_backfill")
    for job in DOMAINS[domain].jobs:
        task = dag.get_task(job)
        assert task._java_class == LAUNCHES[job]["mainClass"]
        base = ["--conf-dir", str(REPO / "conf"), "--env", "local", "--from", "2026-01-01", "--to", "2026-01-03"]
        assert rendered(task, "application_args", BACKFILL_PARAMS) == [*base, "--only-missing=true"]
        assert rendered(task, "application_args", {**BACKFILL_PARAMS, "only_missing": False}) == [*base, "--only-missing=false"]
        assert rendered(task, "name", BACKFILL_PARAMS) == f"lakeshore-{job}-2026-01-01-2026-01-03"


@pytest.mark.parametrize("domain", DOMAINS)
def test_backfill_cluster_manifest(monkeypatch, domain):
    dag = parsed(monkeypatch, CLUSTER, f"lakeshore_{domain}_backfill")
    for job in DOMAINS[domain].jobs:
        task = dag.get_task(job)
        task.application_file = rendered(task, "application_file", {**BACKFILL_PARAMS, "only_missing": False})
        body = task.manage_template_specs()["spark"]
        generated = yaml.safe_load((GENERATED / LAUNCHES[job]["sparkApplication"]).read_text())
        assert body["metadata"]["name"] == f"lakeshore-{job}-2026-01-01-2026-01-03"
        assert body["spec"]["arguments"] == [
            "--conf-dir", "/opt/lakeshore/conf", "--env", "k8s", "--from", "2026-01-01", "--to", "2026-01-03",
            "--only-missing=false"]
        # everything but the name and the window is the generated manifest's
        for part in (body, generated):
            part["metadata"].pop("name")
            part["spec"].pop("arguments")
        assert body == generated


def test_check_window_refuses_a_reversed_range_without_retry():
    check = check_window.function
    assert check(params={"from": "2026-01-01", "to": "2026-01-01"}) == "2026-01-01..2026-01-01"
    with pytest.raises(AirflowFailException) as error:
        check(params={"from": "2026-01-03", "to": "2026-01-01"})
    assert str(error.value) == "Cannot backfill: from 2026-01-03 is after to 2026-01-01"


@pytest.mark.parametrize("flavour_name", [LOCAL, CLUSTER])
def test_maintenance_dag(monkeypatch, flavour_name):
    dag = parsed(monkeypatch, flavour_name, "lakeshore_maintenance")
    assert dag.task_ids == ["maintain"]
    assert (dag.timetable.expression, dag.catchup, dag.max_active_runs, dag.owner) == ("0 4 * * 0", False, 1, "data-platform")
    assert dag.tags == {"lakeshore", "maintenance", flavour_name}
    assert dag.doc_md.lstrip().startswith("### Lake maintenance, every week")
    task = dag.get_task("maintain")
    assert (task.retries, task.retry_delay, task.retry_exponential_backoff) == (2, timedelta(minutes=10), 2.0)
    # retention counts back from the run's own day: its interval's end
    if flavour_name == LOCAL:
        assert task._java_class == "io.lakeshore.core.cli.Lakeshore"
        assert task.application == str(REPO / "jobs-aggregation" / "target" / "jobs-aggregation-0.1.0-SNAPSHOT-job.jar")
        assert rendered(task, "application_args") == [
            "maintain", "--conf-dir", str(REPO / "conf"), "--env", "local", "--date", "2026-01-06"]
    else:
        task.application_file = rendered(task, "application_file")
        body = task.manage_template_specs()["spark"]
        assert body["metadata"]["name"] == "lakeshore-maintain-2026-01-06"
        assert body["metadata"]["labels"]["lakeshore.io/job"] == "maintain"
        assert body["spec"]["driver"]["labels"]["lakeshore.io/job"] == "maintain"
        assert (body["spec"]["mainClass"], body["spec"]["mainApplicationFile"]) == (
            "io.lakeshore.core.cli.Lakeshore", LAUNCHES["aggregation"]["jar"])
        assert body["spec"]["arguments"] == ["maintain", "--conf-dir", "/opt/lakeshore/conf", "--env", "k8s", "--date", "2026-01-06"]


def test_flavour_is_named_when_wrong(monkeypatch):
    monkeypatch.setenv("LAKESHORE_FLAVOUR", "yarn")
    with pytest.raises(ValueError) as error:
        flavour()
    assert str(error.value) == "Cannot choose the flavour: LAKESHORE_FLAVOUR='yarn' is not one of ['local', 'cluster']"


def test_unknown_job_is_named():
    with pytest.raises(ValueError) as error:
        build_dags(Pipeline(domain="parcels", jobs=("enrichment", "routing"), owner="o", doc_md="d"), flavour_name=LOCAL)
    assert str(error.value) == (
        f"Cannot build pipeline parcels: no launch for jobs ['routing'] (launches: {ALL_LAUNCHES})")


def test_a_domain_is_a_few_lines():
    daily, backfill = build_dags(Pipeline(domain="finance", jobs=("curation", "aggregation"), owner="finance-data",
                                          doc_md="Finance.", schedule="@weekly"), flavour_name=CLUSTER)
    assert (daily.dag_id, daily.task_ids, daily.timetable.expression) == (
        "lakeshore_finance", ["curation", "aggregation"], "0 0 * * 0")
    assert (backfill.dag_id, backfill.task_ids) == ("lakeshore_finance_backfill", ["check_window", "curation", "aggregation"])


def test_maintenance_via_an_unknown_launch_is_named():
    with pytest.raises(ValueError) as error:
        build_maintenance_dag(Maintenance(owner="o", doc_md="d", via="billing"), flavour_name=LOCAL)
    assert str(error.value) == (
        f"Cannot build lakeshore_maintenance: no launch 'billing' to run maintenance with (launches: {ALL_LAUNCHES})")


def test_overriding_an_option_the_launch_lacks_fails():
    launch = load_launches()["curation"]
    with pytest.raises(ValueError) as error:
        launch.arguments_for(Window.date(DATE), {"--profile": "x"})
    assert str(error.value) == (
        "Cannot override --profile: job curation has no such option in "
        "['--conf-dir', '/opt/lakeshore/conf', '--env', 'k8s', '--date', '${DATE}']")


def test_missing_launches_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        load_launches(tmp_path)
    assert str(error.value) == (
        f"Cannot read the job launches: {tmp_path / 'launches.json'} does not exist "
        "(set LAKESHORE_DEPLOY_DIR to the folder of deploy/generated)")
