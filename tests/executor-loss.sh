#!/usr/bin/env bash
# Executor loss, as on a preempted spot node: the enrichment job jar under the pyspark 4.1.3
# wheel's spark-submit in Spark's local-cluster mode (a master and two workers in the driver JVM,
# each executor a JVM of its own, 1 core and 1024 MB), with the decommission settings of the
# Kubernetes launch (read from deploy/generated/spark-submit/enrichment.args; the fallback storage
# on a local folder instead of S3). While the job runs, two executors are reclaimed: one with
# notice (SIGPWR, what the executor pods' preStop hook sends, then SIGKILL 3 s later) and one
# without (SIGKILL), each while a stage runs tasks on two executors. The job must exit 0, the
# driver log must show the decommission and both losses, and every table must hold the rows of an
# uninterrupted local[2] run of the same day (read with deltalake, run ids and times aside).
# tests/executor_loss.py does the work. Needs the Maven build (bin/test-all runs it first);
# installs the Python packages of tests/requirements-interop.txt into .venv on first use.
set -uo pipefail
cd "$(dirname "$0")/.."
for f in jobs-enrichment/target/jobs-enrichment-0.1.0-SNAPSHOT-job.jar \
    commerce-datagen/target/classes/io/lakeshore/datagen/GenerateMain.class; do
  [ -f "$f" ] || { echo "FAIL executor loss: $f is missing: build first (mvn -B -ntp package -DskipTests, or bin/test-all)"; exit 1; }
done
venv_bin=$(tests/interop-venv.sh) || { echo "FAIL executor loss: cannot install the Python packages into .venv"; exit 1; }
export PATH="$venv_bin:$PATH"
exec "$venv_bin/python" tests/executor_loss.py
