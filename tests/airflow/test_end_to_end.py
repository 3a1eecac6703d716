"""The commerce DAGs run for real: `dag.test()` of the local flavour launches the job jars through
the apache-spark provider's SparkSubmitOperator and the spark-submit of the pyspark 4.1.3 wheel,
on a lake in a temporary folder, with Airflow's metadata in SQLite (`airflow db migrate`).

In order, on one lake with raw files for 2026-01-01..2026-01-03:
  0. `airflow backfill create --dry-run` (Airflow's CLI, the command README documents) plans one
     run per day, each passing its own day as --date.
  1. lakeshore_commerce for 2026-01-01: every task succeeds once; the serving tables have rows.
  2. lakeshore_commerce for 2026-01-01 again, its enrichment killed (SIGKILL) at its first golden
     commit: Airflow retries it and every table ends identical, row for row, to after run 1.
  3. lakeshore_commerce_backfill from 2026-01-01 to 2026-01-03 with only_missing: each job runs
     exactly 2026-01-02 and 2026-01-03, each as its own run; 2026-01-01 is left alone.
Tables are compared by readers other than the JVM that wrote them (tests/interop/readers.py:
deltalake and pyiceberg, from .venv), over their data columns (the audit columns name the run).

Needs the Maven build (job jars, pipeline-local's classpath) and .venv (tests/pyspark-venv.sh
and tests/interop.sh install it); bin/test-all runs them first. Costs ~10 spark-submit runs.
"""

import json
import os
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest

from conftest import DAGS, REPO

pytestmark = pytest.mark.end_to_end

D1, D2, D3 = "2026-01-01", "2026-01-02", "2026-01-03"
JOBS = ["enrichment", "curation", "aggregation"]
VENV_BIN = REPO / ".venv" / "bin"
READERS = REPO / "tests" / "interop" / "readers.py"
# the tables the run compares, with their data columns: tests/interop/tables.txt without the
# audit columns (run_id, job_name, processed_at), which differ from run to run by design
# tests/interop/tables.txt without the audit columns: a retry rewrites those, and only those
AUDIT = {"run_id", "job_name", "processed_at"}
TABLES = "".join(
    " ".join((table, fmt, ",".join(c for c in columns.split(",") if c not in AUDIT))) + "\n"
    for table, fmt, columns in (
        line.split() for line in (REPO / "tests/interop/tables.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")))

# In front of the real spark-submit: passes every call through, except the first call for the
# main class named in $LAKESHORE_FAIL_ONCE (a file, removed when used), which is killed with its
# whole process group as soon as a golden table's commit appears: a task that dies mid-write.
FAULTY_SPARK_SUBMIT = """#!/usr/bin/env bash
set -u
if [ -f "$LAKESHORE_FAIL_ONCE" ] && printf '%s\\n' "$@" | grep -qxF "$(cat "$LAKESHORE_FAIL_ONCE")"; then
  rm -f "$LAKESHORE_FAIL_ONCE"
  started=$(mktemp)
  setsid "$REAL_SPARK_SUBMIT" "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    commit=$(find "$LAKESHORE_ROOT/warehouse/delta/golden" -path '*/_delta_log/*.json' -newer "$started" 2>/dev/null | head -1)
    if [ -n "$commit" ]; then
      kill -9 -- "-$pid"
      echo "fault injection: killed at the commit $commit" >> "$LAKESHORE_FAULT_LOG"
      break
    fi
    sleep 0.1
  done
  wait "$pid"
  echo "fault injection: exit 137" >> "$LAKESHORE_FAULT_LOG"
  exit 137
fi
exec "$REAL_SPARK_SUBMIT" "$@"
"""


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd[:3]} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    for need in [VENV_BIN / "spark-submit", VENV_BIN / "python", REPO / "pipeline-local" / "target" / "classpath.txt",
                 *[REPO / f"jobs-{j}" / "target" / f"jobs-{j}-0.1.0-SNAPSHOT-job.jar" for j in JOBS]]:
        assert need.exists(), f"{need} is missing: run the Maven build and tests/interop.sh first (bin/test-all does)"
    work = tmp_path_factory.mktemp("e2e")
    root = Path(os.environ.get("LAKESHORE_AIRFLOW_E2E_LAKE") or work / "lake")
    bin_dir = work / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "spark-submit"
    wrapper.write_text(FAULTY_SPARK_SUBMIT)
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    env = {
        # the jobs' conf/env/local.conf puts the lake there; spark-submit inherits the environment
        "LAKESHORE_ROOT": str(root),
        "PATH": f"{bin_dir}:{VENV_BIN}:{os.environ['PATH']}",
        "REAL_SPARK_SUBMIT": str(VENV_BIN / "spark-submit"),
        "LAKESHORE_FAIL_ONCE": str(work / "fail-once"),
        "LAKESHORE_FAULT_LOG": str(work / "faults.log"),
        # short runs on few cores: the C1 compiler alone, as tests/interop.sh measured, and the
        # serial collector, as the JVMs the Java tests start (ChildJvm)
        "SPARK_SUBMIT_OPTS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.level=warn",
        "LAKESHORE_FLAVOUR": "local",
        "AIRFLOW_CONN_SPARK_DEFAULT": json.dumps({"conn_type": "spark", "host": "local[2]"}),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    classpath = (REPO / "pipeline-local" / "target" / "classpath.txt").read_text().strip()
    run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", f"{REPO / 'commerce-datagen' / 'target' / 'classes'}:{classpath}",
         "io.lakeshore.datagen.GenerateMain", "--raw-dir", str(root / "raw"), "--from", D1, "--to", D3, "--orders", "200"])
    run([str(REPO / ".venv-airflow" / "bin" / "airflow"), "db", "migrate"])
    yield root, work
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def dag(dag_id):
    from airflow.dag_processing.dagbag import BundleDagBag

    bag = BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="dags-folder")
    assert bag.import_errors == {}
    found = bag.dags[dag_id]
    for task in found.tasks:
        # the DAGs' retry delay is minutes; dag.test() waits it out, so a test wants seconds
        task.retry_delay = timedelta(seconds=1)
    return found


def tries(dag_run):
    return {ti.task_id: (ti.state, ti.try_number) for ti in dag_run.get_task_instances()}


def digests(root, work):
    """`table rows sha256` per table, by deltalake (Delta) and pyiceberg (Iceberg)."""
    tables = work / "tables-data-columns.txt"
    tables.write_text(TABLES)
    lines = []
    for reader in ("deltalake", "pyiceberg"):
        lines += run([str(VENV_BIN / "python"), str(READERS), reader, str(root), str(tables)]).splitlines()
    return dict(line.split(" ", 1) for line in sorted(lines))


def reports(root, job):
    """(window_from, window_to, status) of every run report of `job`, by file name (= start order)."""
    found = []
    for path in sorted((root / "reports" / job).glob("*.json")):
        report = json.loads(path.read_text())
        found.append((report["window_from"], report["window_to"], report["status"]))
    return found


def daily_run(day_after):
    # a manual run at 03:00 of the next day covers the day before: its data interval's start
    return dict(logical_date=pendulum.datetime(*day_after, 3, tz="UTC"))


def test_0_backfill_create_makes_one_run_per_day(lake):
    # the command README documents, as Airflow's own CLI plans it: one run per day, each covering
    # its day (the run of logical date D 03:00 passes --date D)
    airflow = str(REPO / ".venv-airflow" / "bin" / "airflow")
    run([airflow, "dags", "reserialize"])
    out = run([airflow, "backfill", "create", "--dag-id", "lakeshore_commerce", "--from-date", "2026-01-01T03:00",
               "--to-date", "2026-01-03T03:00", "--dry-run"])
    planned = [line.split("|")[1].strip() for line in out.splitlines() if line.startswith("| 2026-")]
    assert planned == ["2026-01-01 03:00:00+00:00", "2026-01-02 03:00:00+00:00", "2026-01-03 03:00:00+00:00"], out
    task = dag("lakeshore_commerce").get_task("enrichment")
    start = pendulum.datetime(2026, 1, 2, 3, tz="UTC")
    context = {"data_interval_start": start, "data_interval_end": start.add(days=1), "params": {}}
    assert task.render_template(task.application_args, context, task.dag.get_template_env())[-2:] == ["--date", D2]


def test_1_one_date_fills_the_serving_tables(lake):
    root, work = lake
    dag_run = dag("lakeshore_commerce").test(**daily_run((2026, 1, 2)))
    assert dag_run.state == "success"
    assert tries(dag_run) == {job: ("success", 1) for job in JOBS}
    for job in JOBS:
        assert reports(root, job) == [(D1, D1, "SUCCEEDED")]
    found = digests(root, work)
    for table in ("serving.daily_revenue", "serving.customer_ltv", "golden.orders"):
        rows = int(found[table].split()[0])
        assert rows > 0, f"{table} is empty"
    (work / "after-run-1.json").write_text(json.dumps(found))


def test_2_a_killed_task_is_retried_and_the_rerun_changes_nothing(lake):
    root, work = lake
    clean = json.loads((work / "after-run-1.json").read_text())
    (work / "fail-once").write_text("io.lakeshore.jobs.enrichment.EnrichmentJob")
    dag_run = dag("lakeshore_commerce").test(**daily_run((2026, 1, 2)))
    assert dag_run.state == "success"
    assert tries(dag_run) == {"enrichment": ("success", 2), "curation": ("success", 1), "aggregation": ("success", 1)}
    faults = (work / "faults.log").read_text().splitlines()
    assert faults[0].startswith("fault injection: killed at the commit ") and faults[1] == "fault injection: exit 137", faults
    # the killed try left its report RUNNING (it died between commits); the retry succeeded
    assert reports(root, "enrichment") == [(D1, D1, "SUCCEEDED"), (D1, D1, "RUNNING"), (D1, D1, "SUCCEEDED")]
    assert digests(root, work) == clean


def test_3_backfill_runs_only_the_missing_dates(lake):
    root, work = lake
    dag_run = dag("lakeshore_commerce_backfill").test(run_conf={"from": D1, "to": D3, "only_missing": True})
    assert dag_run.state == "success"
    assert tries(dag_run) == {"check_window": ("success", 1), **{job: ("success", 1) for job in JOBS}}
    for job in JOBS:
        # after the runs of tests 1-2 of D1: one run per missing date, in order; D1 not again
        assert reports(root, job)[-2:] == [(D2, D2, "SUCCEEDED"), (D3, D3, "SUCCEEDED")]
        assert [r for r in reports(root, job) if r[0] == D1][-1] == (D1, D1, "SUCCEEDED")
        assert len([r for r in reports(root, job) if r[0] == D1]) == (3 if job == "enrichment" else 2)
    found = digests(root, work)
    before = json.loads((work / "after-run-1.json").read_text())
    # D2 and D3 added rows to every table
    for table, line in found.items():
        assert int(line.split()[0]) > int(before[table].split()[0]), table
