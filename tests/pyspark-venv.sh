#!/usr/bin/env bash
# pyspark-venv.sh - the pyspark 4.1.3 distribution in <repository>/.venv (its spark-submit and
# Spark's jars, including spark-kubernetes, which Maven Central does not carry for 4.1.3),
# installed on first use. Prints the venv's bin folder. Used by tests/spark-submit-smoke.sh and
# the deploy module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/.venv
# one pip at a time in .venv: bin/test-all installs it beside the Maven build, whose deploy tests
# may ask for it too
exec 9> "$PWD/.venv.lock"
flock 9
if [ ! -x "$venv/bin/spark-submit" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "pyspark==4.1.3" >&2
fi
echo "$venv/bin"
