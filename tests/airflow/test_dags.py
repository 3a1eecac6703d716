"""The DAGs as Airflow 3 parses them: DagBag import, task graph, schedule, retries and the
arguments each flavour renders for one logical date, against deploy/generated/launches.json."""

import json
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from airflow.dag_processing.dagbag import BundleDagBag

from conftest import DAGS, REPO
from lakeshore_dags import CLUSTER, LOCAL, Pipeline, build_dag, flavour, load_launches

DATE = "2026-01-05"
GENERATED = REPO / "deploy" / "generated"
LAUNCHES = json.loads((GENERATED / "launches.json").read_text())["jobs"]
COMMERCE = ["enrichment", "curation", "aggregation"]


def dagbag(monkeypatch, flavour_name):
    monkeypatch.setenv("LAKESHORE_FLAVOUR", flavour_name)
    with warnings.catch_warnings():
        # any warning while parsing (a deprecated import, a deprecated argument) fails the test
        warnings.simplefilter("error")
        bag = BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="lakeshore")
    assert bag.import_errors == {}
    assert bag.captured_warnings == {}
    return bag


def commerce(monkeypatch, flavour_name):
    bag = dagbag(monkeypatch, flavour_name)
    assert sorted(bag.dags) == ["lakeshore_commerce"]
    return bag.dags["lakeshore_commerce"]


def rendered(task, field):
    """The field as Airflow renders it for a run of DATE (its own Jinja environment)."""
    context = {"ds": DATE, "ds_nodash": DATE.replace("-", "")}
    return task.render_template(getattr(task, field), context, task.dag.get_template_env())


@pytest.mark.parametrize("flavour_name", [LOCAL, CLUSTER])
def test_commerce_dag_shape(monkeypatch, flavour_name):
    dag = commerce(monkeypatch, flavour_name)
    assert dag.task_ids == COMMERCE
    assert {t: sorted(dag.get_task(t).upstream_task_ids) for t in COMMERCE} == {
        "enrichment": [], "curation": ["enrichment"], "aggregation": ["curation"]}
    assert dag.timetable.expression == "0 3 * * *"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.tags == {"lakeshore", "commerce", flavour_name}
    assert dag.owner == "commerce-data"
    assert dag.doc_md.lstrip().startswith("### Commerce: orders to serving tables, every day")
    for task in dag.tasks:
        assert (task.retries, task.retry_delay, task.retry_exponential_backoff, task.max_retry_delay) == (
            3, timedelta(minutes=5), 2.0, timedelta(hours=1)), task.task_id
        assert task.owner == "commerce-data"


def test_local_flavour_runs_the_job_jars_through_spark_submit(monkeypatch):
    dag = commerce(monkeypatch, LOCAL)
    for job in COMMERCE:
        task = dag.get_task(job)
        module = LAUNCHES[job]["module"]
        assert type(task).__name__ == "SparkSubmitOperator"
        assert task._java_class == LAUNCHES[job]["mainClass"]
        assert task.application == str(REPO / module / "target" / f"{module}-0.1.0-SNAPSHOT-job.jar")
        assert task._conn_id == "spark_default"
        assert task.name == f"lakeshore-{job}"
        assert task.conf == {"spark.ui.enabled": "false", "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods"}
        assert rendered(task, "application_args") == [
            "--conf-dir", str(REPO / "conf"), "--env", "local", "--date", DATE]


def test_local_flavour_command_line(monkeypatch):
    # the connection as README tells to set it; the command is the provider hook's own
    monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT", '{"conn_type": "spark", "host": "local[2]"}')
    task = commerce(monkeypatch, LOCAL).get_task("enrichment")
    task.application_args = rendered(task, "application_args")
    jar = str(REPO / "jobs-enrichment" / "target" / "jobs-enrichment-0.1.0-SNAPSHOT-job.jar")
    assert task._get_hook()._build_spark_submit_command(task.application) == [
        "spark-submit", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.extraJavaOptions=-XX:-DontCompileHugeMethods",
        "--name", "lakeshore-enrichment", "--class", "io.lakeshore.jobs.enrichment.EnrichmentJob", jar,
        "--conf-dir", str(REPO / "conf"), "--env", "local", "--date", DATE]


def test_local_flavour_finds_jars_and_conf_where_told(monkeypatch, tmp_path):
    monkeypatch.setenv("LAKESHORE_JARS_DIR", str(tmp_path / "jars"))
    monkeypatch.setenv("LAKESHORE_CONF_DIR", str(tmp_path / "conf"))
    task = commerce(monkeypatch, LOCAL).get_task("aggregation")
    assert task.application == str(tmp_path / "jars" / "jobs-aggregation-0.1.0-SNAPSHOT-job.jar")
    assert rendered(task, "application_args")[:2] == ["--conf-dir", str(tmp_path / "conf")]


def test_cluster_flavour_submits_the_generated_spark_application(monkeypatch):
    dag = commerce(monkeypatch, CLUSTER)
    for job in COMMERCE:
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


def test_flavour_is_named_when_wrong(monkeypatch):
    monkeypatch.setenv("LAKESHORE_FLAVOUR", "yarn")
    with pytest.raises(ValueError) as error:
        flavour()
    assert str(error.value) == "Cannot choose the flavour: LAKESHORE_FLAVOUR='yarn' is not one of ['local', 'cluster']"


def test_unknown_job_is_named():
    with pytest.raises(ValueError) as error:
        build_dag(Pipeline(domain="parcels", jobs=("enrichment", "routing"), owner="o", doc_md="d"), flavour_name=LOCAL)
    assert str(error.value) == (
        "Cannot build pipeline parcels: no launch for jobs ['routing'] (launches: ['aggregation', 'curation', 'enrichment'])")


def test_a_domain_is_a_few_lines():
    dag = build_dag(Pipeline(domain="finance", jobs=("curation", "aggregation"), owner="finance-data",
                             doc_md="Finance.", schedule="@weekly"), flavour_name=CLUSTER)
    assert (dag.dag_id, dag.task_ids, dag.timetable.expression) == (
        "lakeshore_finance", ["curation", "aggregation"], "0 0 * * 0")


def test_overriding_an_option_the_launch_lacks_fails():
    launch = load_launches()["curation"]
    with pytest.raises(ValueError) as error:
        launch.arguments_for(DATE, {"--profile": "x"})
    assert str(error.value) == (
        "Cannot override --profile: job curation has no such option in "
        "['--conf-dir', '/opt/lakeshore/conf', '--env', 'k8s', '--date', '${DATE}']")


def test_missing_launches_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        load_launches(tmp_path)
    assert str(error.value) == (
        f"Cannot read the job launches: {tmp_path / 'launches.json'} does not exist "
        "(set LAKESHORE_DEPLOY_DIR to the folder of deploy/generated)")
