"""Every job argument list the cluster flavour renders is accepted by the job's own CLI: the
rendered SparkApplication's main class runs from the built job jar with the manifest's arguments
and `--dry-run` (which parses, loads the configuration of the manifest's `--env` and prints the
plan without starting Spark), in a JVM with the driver's environment from the manifest.

`--conf-dir /opt/lakeshore/conf` (the image's copy of conf/) reads this repository's conf/; the
driver's Secret-backed variables get stand-in values. Maintenance is not dry-run here: its dry
run starts Spark against the lake (`Lakeshore maintain --dry-run` lists what it would change);
its arguments run for real in the local flavour's DAG test instead. Needs the Maven build and the
pyspark 4.1.3 jars of .venv (tests/pyspark-venv.sh), for Spark's classes, which the job jars do not
shade."""

import subprocess

import pytest
import yaml

from conftest import REPO
from lakeshore_dags import CLUSTER
from test_dags import BACKFILL_PARAMS, DATE, DOMAINS, parsed, rendered

pytestmark = pytest.mark.end_to_end

SPARK_JARS = REPO / ".venv" / "lib" / "python3.11" / "site-packages" / "pyspark" / "jars"
IMAGE_CONF = "/opt/lakeshore/conf"


def driver_env(spec):
    env = {}
    for var in spec["driver"].get("env", []):
        env[var["name"]] = var.get("value", f"stand-in-for-{var['name'].lower()}")
    return env


def dry_run(body):
    spec = body["spec"]
    jar = spec["mainApplicationFile"].replace("local:///opt/lakeshore/jars/", "")
    module = jar.rsplit("-0.1.0-SNAPSHOT-job.jar", 1)[0]
    jar_path = REPO / module / "target" / jar
    assert jar_path.is_file(), f"{jar_path} is missing: run the Maven build first (bin/test-all does)"
    assert SPARK_JARS.is_dir(), f"{SPARK_JARS} is missing: run tests/pyspark-venv.sh first (bin/test-all does)"
    args = [str(REPO / "conf") if a == IMAGE_CONF else a for a in spec["arguments"]]
    result = subprocess.run(
        ["java", "-XX:TieredStopAtLevel=1", "-cp", f"{jar_path}:{SPARK_JARS}/*", spec["mainClass"], *args, "--dry-run"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **driver_env(spec)})
    return result


@pytest.mark.parametrize("backfill", [False, True], ids=["daily", "backfill"])
@pytest.mark.parametrize("domain,job", [(domain, job) for domain, expected in DOMAINS.items() for job in expected.jobs])
def test_rendered_arguments_pass_the_job_cli(monkeypatch, domain, job, backfill):
    task = parsed(monkeypatch, CLUSTER, f"lakeshore_{domain}_backfill" if backfill else f"lakeshore_{domain}").get_task(job)
    # only_missing=false: with it, a dry run reads the run ledger, so Spark would start
    body = yaml.safe_load(rendered(task, "application_file", {**BACKFILL_PARAMS, "only_missing": False}))
    result = dry_run(body)
    assert result.returncode == 0, result.stderr[-2000:]
    window = "2026-01-01..2026-01-03" if backfill else DATE
    assert result.stdout.startswith(f"plan for {job} over {window} (dry run: nothing is written)"), result.stdout


def test_a_wrong_argument_fails_the_check(monkeypatch):
    task = parsed(monkeypatch, CLUSTER, "lakeshore_commerce").get_task("curation")
    body = yaml.safe_load(rendered(task, "application_file"))
    body["spec"]["arguments"][-1] = "2026-01-32"
    result = dry_run(body)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "Cannot parse --date: '2026-01-32' is not a date (expected YYYY-MM-DD)"
