#!/usr/bin/env bash
# interop-venv.sh - the pinned Python packages of tests/requirements-interop.txt (pyspark 4.1.3,
# deltalake, pyiceberg, pyarrow) in <repository>/.venv, installed on first use and again when
# the requirements file changes. Prints the venv's bin folder; pip's output goes to stderr.
# Used by tests/interop.sh and the Airflow end-to-end test (its table readers).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/.venv
requirements=tests/requirements-interop.txt
stamp="$venv/.interop-requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
exec 9> "$PWD/.venv.lock" # one pip at a time in .venv (see tests/pyspark-venv.sh)
flock 9
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2 || { echo "cannot create the virtual environment $venv with python3 -m venv" >&2; exit 1; }
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  started=$SECONDS
  echo "installing the Python packages of $requirements into $venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2 \
    || { echo "cannot install the Python packages of $requirements (pip failed, see above)" >&2; exit 1; }
  echo "$want" > "$stamp"
  echo "installed in $((SECONDS - started)) s" >&2
fi
echo "$venv/bin"
