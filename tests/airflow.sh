#!/usr/bin/env bash
# The Airflow DAGs under real Airflow 3 (tests/airflow/): DagBag import with no error and no
# warning, task graph, schedule, retries and the arguments each flavour renders for one date.
# Installs tests/requirements-airflow.txt with tests/constraints-airflow.txt into .venv-airflow
# (Python 3.11) on first use, and again whenever either file changes. Needs no Maven build, no
# database and no cluster. Not run by bin/test-all yet.
# Usage: tests/airflow.sh [pytest arguments...]
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

# -p no:cacheprovider: no .pytest_cache in the work tree
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/airflow "$@"
status=$?
echo "airflow: $((SECONDS - started)) s"
exit $status
