"""The DAGs of a domain pipeline and of the lake's maintenance, built from a few declarative lines.

A domain gets two DAGs (`build_dags`):
  lakeshore_<domain>           daily: the domain's jobs in order, each for the day the run covers
                               (`--date {{ data_interval_start | ds }}`);
  lakeshore_<domain>_backfill  triggered by hand with params `from`, `to` and `only_missing`: each
                               job once over the range (`--from --to --only-missing=<bool>`), so
                               with only_missing it runs just the dates the run ledger shows
                               missing, failed or stale.
The lake gets one maintenance DAG (`build_maintenance_dag`): `Lakeshore maintain`, weekly.
Jobs are idempotent per date (they replace partitions or merge by key, never append), so a
retry, a rerun or a backfill of a date never double-writes; the DAGs add no logic that belongs
in the jobs.

Two flavours launch the same jobs with the same arguments:
  local    SparkSubmitOperator: `spark-submit --class <main class> <module>/target/<jar>` on
           the connection `spark_default` (a local master), `--env local`;
  cluster  SparkKubernetesOperator: the SparkApplication deploy generated for the job (image,
           main class, arguments, driver on on-demand and executors on spot nodes), with the
           run's window in place of its `--date ${DATE}`.
The flavour is read when the DAG file is parsed, from $LAKESHORE_FLAVOUR (see flavour()).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, CronDataIntervalTimetable, Param, chain, task
from airflow.sdk.exceptions import AirflowFailException

from lakeshore_dags.launches import REPO_ROOT, JobLaunch, Window, load_launches, load_pipelines, load_yaml

# The day a scheduled run covers: its data interval's start. The schedule is a data-interval
# timetable, so the run of day D starts at the end of D's interval (after D's raw files landed),
# and `airflow backfill create --from-date D1 --to-date D2` makes one run per day D1..D2.
RUN_DATE = "{{ data_interval_start | ds }}"
# The date maintenance counts retention back from: the run's own time, its interval's end.
MAINTENANCE_DATE = "{{ data_interval_end | ds }}"
# The backfill DAG's window, from its params (validated by Airflow when the run is triggered).
BACKFILL = Window.range("{{ params.from }}", "{{ params.to }}", "{{ 'true' if params.only_missing else 'false' }}")
# Every job jar carries etl-core and with it the `Lakeshore` entry point: `maintain` maintains
# every table the configuration declares, whichever jar it runs from.
LAKESHORE_MAIN = "io.lakeshore.core.cli.Lakeshore"
MAINTAIN = "maintain"

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

    `jobs` are the names of launches.json, run one after the other in this order. A domain of the
    project is made with `Pipeline.declared(domain, ...)`: its jobs and schedule as deploy declares
    them for the Argo templates too.
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

    @classmethod
    def declared(cls, domain: str, owner: str, doc_md: str, directory: Path | None = None, **more) -> "Pipeline":
        """The pipeline of `domain` with the jobs and schedule deploy declares for it (launches.json,
        made from io.lakeshore.deploy.Pipeline.ALL, the list the Argo templates come from), so the
        two orchestrators run the same jobs in the same order at the same time. `more` sets the
        other fields (retries, tags, ...)."""
        pipelines = load_pipelines(directory)
        if domain not in pipelines:
            raise ValueError(f"Cannot build pipeline {domain}: deploy declares no such pipeline (pipelines: {sorted(pipelines)})")
        declared = pipelines[domain]
        return cls(domain=domain, jobs=declared.jobs, schedule=declared.schedule, owner=owner, doc_md=doc_md, **more)

    @property
    def dag_id(self) -> str:
        return f"lakeshore_{self.domain}"

    @property
    def backfill_dag_id(self) -> str:
        return f"lakeshore_{self.domain}_backfill"


@dataclass(frozen=True)
class Maintenance:
    """The lake's upkeep as Airflow schedules it: one DAG, `lakeshore_maintenance`, running
    `Lakeshore maintain` (retention, compaction, clean-up of every declared table, raw retention)."""

    owner: str
    doc_md: str
    schedule: str = "0 4 * * 0"  # weekly, Sunday 04:00 UTC, after the night's daily runs
    start_date: datetime = datetime(2026, 1, 1)
    retries: int = 2
    retry_delay: timedelta = timedelta(minutes=10)
    retry_exponential_backoff: float = 2.0
    max_retry_delay: timedelta = timedelta(hours=1)
    # the launch whose jar and SparkApplication (image, resources, placement) maintenance runs
    # with; any job's will do (see LAKESHORE_MAIN), default the first by name
    via: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    dag_id: str = "lakeshore_maintenance"


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


def build_dags(pipeline: Pipeline, launches: dict[str, JobLaunch] | None = None,
               flavour_name: str | None = None) -> tuple[DAG, DAG]:
    """The daily DAG and the backfill DAG of `pipeline`, their tasks made from `launches`
    (default: deploy/generated/launches.json)."""
    launches = launches if launches is not None else load_launches()
    flavour_name = flavour_name or flavour()
    missing = [job for job in pipeline.jobs if job not in launches]
    if missing:
        raise ValueError(f"Cannot build pipeline {pipeline.domain}: no launch for jobs {missing} (launches: {sorted(launches)})")
    return _daily(pipeline, launches, flavour_name), _backfill(pipeline, launches, flavour_name)


def _dag(dag_id: str, schedule, start_date: datetime, doc_md: str, tags: list[str], defaults: dict, **more) -> DAG:
    return DAG(
        dag_id=dag_id,
        schedule=schedule,
        start_date=start_date,
        catchup=False,  # history is backfilled on purpose: airflow backfill create, or the backfill DAG
        # runs write the same tables (other dates, but the same keys for merges): one at a time
        max_active_runs=1,
        doc_md=doc_md,
        tags=tags,
        default_args=defaults,
        **more,
    )


def _defaults(spec) -> dict:
    return {
        "owner": spec.owner,
        "retries": spec.retries,
        "retry_delay": spec.retry_delay,
        "retry_exponential_backoff": spec.retry_exponential_backoff,
        "max_retry_delay": spec.max_retry_delay,
    }


def _daily(pipeline: Pipeline, launches: dict[str, JobLaunch], flavour_name: str) -> DAG:
    # a data-interval timetable: the run covering day D has D as its interval's start
    schedule = CronDataIntervalTimetable(pipeline.schedule, timezone="UTC")
    with _dag(pipeline.dag_id, schedule, pipeline.start_date, pipeline.doc_md,
              ["lakeshore", pipeline.domain, flavour_name, *pipeline.tags], _defaults(pipeline)) as dag:
        chain(*[_job_task(launches[job], flavour_name, Window.date(RUN_DATE), f"lakeshore-{job}-{RUN_DATE}")
                for job in pipeline.jobs])
    return dag


def _backfill(pipeline: Pipeline, launches: dict[str, JobLaunch], flavour_name: str) -> DAG:
    doc = (f"### Backfill of {pipeline.domain}\n\nTrigger with `from` and `to` (dates, inclusive): each job of "
           f"`{pipeline.dag_id}` runs once over the range, in the same order. With `only_missing` (the default) "
           "each job runs only the dates its run ledger shows missing, failed or stale, each as its own run; "
           "without it, every date. Safe to repeat: every date is replaced, never appended to.")
    params = {
        "from": Param(type="string", format="date", title="First date (YYYY-MM-DD)"),
        "to": Param(type="string", format="date", title="Last date (YYYY-MM-DD), inclusive"),
        "only_missing": Param(True, type="boolean", title="Only the dates missing, failed or stale in the run ledger"),
    }
    with _dag(pipeline.backfill_dag_id, None, pipeline.start_date, doc,
              ["lakeshore", pipeline.domain, flavour_name, "backfill", *pipeline.tags], _defaults(pipeline),
              params=params) as dag:
        name = "lakeshore-{job}-{{{{ params.from }}}}-{{{{ params.to }}}}"
        chain(check_window(), *[_job_task(launches[job], flavour_name, BACKFILL, name.format(job=job))
                                for job in pipeline.jobs])
    return dag


@task(task_id="check_window", retries=0)
def check_window(params=None) -> str:
    """Fails the run, without retries, when the range is reversed: a wrong range never gets better."""
    first, last = params["from"], params["to"]
    if first > last:  # ISO dates, validated by their params: text order is date order
        raise AirflowFailException(f"Cannot backfill: from {first} is after to {last}")
    return f"{first}..{last}"


def build_maintenance_dag(maintenance: Maintenance, launches: dict[str, JobLaunch] | None = None,
                          flavour_name: str | None = None) -> DAG:
    """The weekly maintenance DAG: one task, `Lakeshore maintain --date <the run's day>`."""
    launches = launches if launches is not None else load_launches()
    flavour_name = flavour_name or flavour()
    via = maintenance.via or sorted(launches)[0]
    if via not in launches:
        raise ValueError(f"Cannot build {maintenance.dag_id}: no launch {via!r} to run maintenance with (launches: {sorted(launches)})")
    schedule = CronDataIntervalTimetable(maintenance.schedule, timezone="UTC")
    with _dag(maintenance.dag_id, schedule, maintenance.start_date, maintenance.doc_md,
              ["lakeshore", "maintenance", flavour_name, *maintenance.tags], _defaults(maintenance)) as dag:
        _job_task(launches[via], flavour_name, Window.date(MAINTENANCE_DATE), f"lakeshore-{MAINTAIN}-{MAINTENANCE_DATE}",
                  task_id=MAINTAIN, main_class=LAKESHORE_MAIN, command=(MAINTAIN,))
    return dag


def _job_task(launch: JobLaunch, flavour_name: str, window: Window, name: str, task_id: str | None = None,
              main_class: str | None = None, command: tuple[str, ...] = ()):
    make = {LOCAL: _local_task, CLUSTER: _cluster_task}[flavour_name]
    return make(launch, window, name, task_id or launch.name, main_class or launch.main_class, command)


def _local_task(launch: JobLaunch, window: Window, name: str, task_id: str, main_class: str, command: tuple[str, ...]):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    jars_dir = os.environ.get(JARS_DIR_ENV)
    jar = Path(jars_dir) / launch.jar_name if jars_dir else REPO_ROOT / launch.module / "target" / launch.jar_name
    conf_dir = os.environ.get(CONF_DIR_ENV) or str(REPO_ROOT / "conf")
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=str(jar),
        java_class=main_class,
        name=name,
        conf=dict(LOCAL_SPARK_CONF),
        application_args=launch.arguments_for(window, {"--conf-dir": conf_dir, "--env": LOCAL}, command),
        doc_md=f"`{main_class}` from `{jar}` through spark-submit.",
    )


def _cluster_task(launch: JobLaunch, window: Window, name: str, task_id: str, main_class: str, command: tuple[str, ...]):
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

    job_label = task_id if task_id != launch.name else None
    manifest = launch.spark_application(window, name, main_class if main_class != launch.main_class else None,
                                        command, job_label)
    namespace = load_yaml(manifest)["metadata"]["namespace"]
    return SparkKubernetesOperator(
        task_id=task_id,
        kubernetes_conn_id=KUBERNETES_CONN_ID,
        namespace=namespace,
        # the manifest's text, rendered by Jinja like any templated field (the window in name and args)
        application_file=manifest,
        doc_md=f"SparkApplication from `{launch.spark_application_path.name}` (`{main_class}`, image `{launch.image}`).",
    )
