"""One DAG per domain pipeline, built from a declarative Pipeline and the generated job launches.

A DAG runs the domain's jobs in order, once a day, each for the DAG run's date (`{{ ds }}`, the
logical date: on a cron schedule Airflow 3 gives data_interval_start == logical_date). Jobs are
idempotent per date (they replace partitions or merge by key, never append), so a retry or a
rerun of a date never double-writes; the DAGs add no logic that belongs in the jobs.

Two flavours launch the same jobs with the same arguments:
  local    SparkSubmitOperator: `spark-submit --class <main class> <module>/target/<jar>` on
           the connection `spark_default` (a local master), `--env local`;
  cluster  SparkKubernetesOperator: the SparkApplication deploy generated for the job (image,
           main class, arguments, driver on on-demand and executors on spot nodes), with the
           run date in place of its `${DATE}`.
The flavour is read when the DAG file is parsed, from $LAKESHORE_FLAVOUR (see flavour()).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from airflow.sdk import DAG

from lakeshore_dags.launches import REPO_ROOT, JobLaunch, load_launches

# The run date every task passes as `--date`: the DAG run's logical date, YYYY-MM-DD.
RUN_DATE = "{{ ds }}"

FLAVOUR_ENV = "LAKESHORE_FLAVOUR"
LOCAL = "local"
CLUSTER = "cluster"
FLAVOURS = (LOCAL, CLUSTER)

# Where the local flavour finds the job jars: $LAKESHORE_JARS_DIR/<jar>, else the Maven build's
# <repository>/<module>/target/<jar>.
JARS_DIR_ENV = "LAKESHORE_JARS_DIR"
# The configuration folder of the local flavour: $LAKESHORE_CONF_DIR, else <repository>/conf.
CONF_DIR_ENV = "LAKESHORE_CONF_DIR"

# Spark's own local-mode settings the jobs' conf/env/local.conf does not carry; the rest of the
# session (master, shuffle partitions, catalogs) comes from the job's configuration.
LOCAL_SPARK_CONF = {
    "spark.ui.enabled": "false",
    # the generated code of a load with many rules is too large for HotSpot's default limit
    "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods",
}

# Airflow connection ids, named here once; see README "Orchestrate with Airflow".
SPARK_CONN_ID = "spark_default"
KUBERNETES_CONN_ID = "kubernetes_default"


@dataclass(frozen=True)
class Pipeline:
    """A domain's jobs as Airflow schedules them: one DAG, `dag_id` = `lakeshore_<domain>`.

    `jobs` are the names of launches.json, run one after the other in this order.
    """

    domain: str
    jobs: tuple[str, ...]
    owner: str
    doc_md: str
    schedule: str = "@daily"
    start_date: datetime = datetime(2026, 1, 1)
    retries: int = 3
    retry_delay: timedelta = timedelta(minutes=5)
    # the delay doubles each retry (5, 10, 20 min), up to max_retry_delay: long enough to
    # outlast a spot reclaim wave, short enough to finish the day's run
    retry_exponential_backoff: float = 2.0
    max_retry_delay: timedelta = timedelta(hours=1)
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if not self.jobs:
            raise ValueError(f"Cannot build pipeline {self.domain}: it has no jobs")
        if len(set(self.jobs)) != len(self.jobs):
            raise ValueError(f"Cannot build pipeline {self.domain}: a job appears twice in {list(self.jobs)}")

    @property
    def dag_id(self) -> str:
        return f"lakeshore_{self.domain}"


def flavour() -> str:
    """The flavour to build: $LAKESHORE_FLAVOUR (`local` or `cluster`), `local` when unset.

    An environment variable rather than an Airflow Variable read at parse time: reading a Variable
    at the top level of a DAG file costs the DAG processor a metadata round trip on every parse,
    which Airflow's best practices advise against. Set it on the DAG processor and the workers.
    """
    value = os.environ.get(FLAVOUR_ENV, LOCAL)
    if value not in FLAVOURS:
        raise ValueError(f"Cannot choose the flavour: {FLAVOUR_ENV}={value!r} is not one of {list(FLAVOURS)}")
    return value


def build_dag(pipeline: Pipeline, launches: dict[str, JobLaunch] | None = None, flavour_name: str | None = None) -> DAG:
    """The DAG of `pipeline`, its tasks made from `launches` (default: deploy/generated/launches.json)."""
    launches = launches if launches is not None else load_launches()
    flavour_name = flavour_name or flavour()
    missing = [job for job in pipeline.jobs if job not in launches]
    if missing:
        raise ValueError(f"Cannot build pipeline {pipeline.domain}: no launch for jobs {missing} (launches: {sorted(launches)})")
    task = {LOCAL: _local_task, CLUSTER: _cluster_task}[flavour_name]
    with DAG(
        dag_id=pipeline.dag_id,
        schedule=pipeline.schedule,
        start_date=pipeline.start_date,
        catchup=False,  # history is backfilled on purpose: airflow backfill create
        max_active_runs=1,  # runs of different dates merge into the same tables: one at a time
        doc_md=pipeline.doc_md,
        tags=["lakeshore", pipeline.domain, flavour_name, *pipeline.tags],
        default_args={
            "owner": pipeline.owner,
            "retries": pipeline.retries,
            "retry_delay": pipeline.retry_delay,
            "retry_exponential_backoff": pipeline.retry_exponential_backoff,
            "max_retry_delay": pipeline.max_retry_delay,
        },
    ) as dag:
        previous = None
        for job in pipeline.jobs:
            current = task(launches[job])
            if previous is not None:
                previous >> current
            previous = current
    return dag


def _local_task(launch: JobLaunch):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    jars_dir = os.environ.get(JARS_DIR_ENV)
    jar = Path(jars_dir) / launch.jar_name if jars_dir else REPO_ROOT / launch.module / "target" / launch.jar_name
    conf_dir = os.environ.get(CONF_DIR_ENV) or str(REPO_ROOT / "conf")
    return SparkSubmitOperator(
        task_id=launch.name,
        conn_id=SPARK_CONN_ID,
        application=str(jar),
        java_class=launch.main_class,
        name=f"lakeshore-{launch.name}",
        conf=dict(LOCAL_SPARK_CONF),
        application_args=launch.arguments_for(RUN_DATE, {"--conf-dir": conf_dir, "--env": LOCAL}),
        doc_md=f"`{launch.main_class}` from `{jar}` through spark-submit.",
    )


def _cluster_task(launch: JobLaunch):
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

    manifest = launch.spark_application_yaml(RUN_DATE)
    namespace = yaml.safe_load(manifest)["metadata"]["namespace"]
    return SparkKubernetesOperator(
        task_id=launch.name,
        kubernetes_conn_id=KUBERNETES_CONN_ID,
        namespace=namespace,
        # the manifest's text, rendered by Jinja like any templated field ({{ ds }} in name and args)
        application_file=manifest,
        doc_md=f"SparkApplication `{launch.spark_application.name}` (`{launch.main_class}`, image `{launch.image}`).",
    )
