#!/usr/bin/env bash
# The job jars under a real spark-submit (the one the pyspark 4.1.3 wheel ships): a dry run
# prints the plan and writes nothing, bad usage exits 2 and names the value. The jobs' real runs
# through spark-submit are in the Airflow end-to-end test (tests/airflow/test_end_to_end.py: the
# provider's SparkSubmitOperator launches the same jars), whose lake bin/test-all hands to
# tests/interop.sh. Needs the Maven build (bin/test-all runs it first). Installs pyspark into
# .venv if missing.
set -uo pipefail
cd "$(dirname "$0")/.."
venv_bin=$(tests/pyspark-venv.sh) || { echo "FAIL cannot install pyspark into .venv"; exit 1; }
export PATH="$venv_bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { # name, expected exit, actual exit, [log]
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: exit $3, expected $2"; [ -n "${4:-}" ] && tail -20 "$4"; fi
}
submit() { # module, main class, args...
  local module=$1 main=$2; shift 2
  spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
    --driver-java-options "-Dlog4j2.level=warn -XX:-DontCompileHugeMethods" \
    --class "$main" "$module/target/$module-0.1.0-SNAPSHOT-job.jar" \
    --conf-dir conf --conf "lakeshore.root=$work" "$@"
}
submit jobs-enrichment io.lakeshore.jobs.enrichment.EnrichmentJob --date 2026-01-01 --dry-run > "$work/dry.log" 2>&1
check "dry run exits 0" 0 $? "$work/dry.log"
grep -q "golden.orders (delta)  replace" "$work/dry.log" && [ ! -d "$work/warehouse" ]
check "dry run prints the plan and writes nothing" 0 $? "$work/dry.log"

submit jobs-enrichment io.lakeshore.jobs.enrichment.EnrichmentJob --date 2026-13-01 > "$work/bad.log" 2>&1
check "bad date exits 2" 2 $? "$work/bad.log"
grep -q "Cannot parse --date: '2026-13-01' is not a date (expected YYYY-MM-DD)" "$work/bad.log"
check "bad date is named" 0 $? "$work/bad.log"

echo "spark-submit: $passed passed, $failed failed"
[ "$failed" = 0 ]
