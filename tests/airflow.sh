#!/usr/bin/env bash
# The Airflow DAGs under real Airflow 3 (tests/airflow/): DagBag import with no error and no
# warning, task graph, schedule, retries, params and the arguments each flavour renders; the
# rendered SparkApplications against the Spark operator's schema and the job CLI (--dry-run);
# spot preemption through the cncf.kubernetes provider's own code; and end to end, dag.test() of
# the commerce DAGs in the local flavour running the job jars through spark-submit (tests marked
# end_to_end: they need the Maven build; ~10 spark-submit runs, the bulk of the time).
# Installs tests/requirements-airflow.txt with tests/constraints-airflow.txt into .venv-airflow
# (Python 3.11) on first use, and again whenever either file changes; the end-to-end tests also
# use .venv (tests/interop-venv.sh: spark-submit, and deltalake/pyiceberg to read the tables).
# With LAKESHORE_AIRFLOW_E2E_LAKE=DIR the end-to-end lake is written there and kept (bin/test-all
# hands it to tests/interop.sh). No cluster, no server: Airflow's metadata is SQLite in a
# temporary AIRFLOW_HOME.
# Usage: tests/airflow.sh [pytest arguments...]   e.g. -m "not end_to_end" for the quick ones
#        tests/airflow.sh --install-only          the virtual environments only, no test
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
venv=.venv-airflow
requirements=tests/requirements-airflow.txt
constraints=tests/constraints-airflow.txt
python=${LAKESHORE_AIRFLOW_PYTHON:-python3.11}

stamp="$venv/.requirements.sha256"
want=$(cat "$requirements" "$constraints" | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" || { echo "FAIL airflow: cannot create $venv with $python -m venv"; exit 1; }
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  pip_started=$SECONDS
  echo "installing $requirements (constraints $constraints) into $venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" -c "$constraints" \
    || { echo "FAIL airflow: cannot install $requirements (pip failed, see above)"; exit 1; }
  echo "$want" > "$stamp"
  echo "installed in $((SECONDS - pip_started)) s"
fi

tests/interop-venv.sh > /dev/null || { echo "FAIL airflow: cannot install the Python packages of tests/requirements-interop.txt into .venv"; exit 1; }
[ "${1:-}" = "--install-only" ] && exit 0

# -p no:cacheprovider: no .pytest_cache in the work tree
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/airflow "$@"
status=$?
echo "airflow: $((SECONDS - started)) s"
exit $status
