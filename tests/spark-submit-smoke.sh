#!/usr/bin/env bash
# The job jars under a real spark-submit (the one the pyspark 4.1.3 wheel ships): each job's
# shaded jar runs one generated date, a dry run writes nothing, bad usage exits 2.
# Needs the Maven build (bin/test-all runs it first). Installs pyspark into .venv if missing.
# With LAKESHORE_SMOKE_LAKE=DIR the lake is written there and kept (bin/test-all hands it to
# tests/interop.sh); otherwise a temporary folder is used and removed.
set -uo pipefail
cd "$(dirname "$0")/.."
venv_bin=$(tests/pyspark-venv.sh) || { echo "FAIL cannot install pyspark into .venv"; exit 1; }
export PATH="$venv_bin:$PATH"
if [ -n "${LAKESHORE_SMOKE_LAKE:-}" ]; then
  work=$LAKESHORE_SMOKE_LAKE
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
passed=0; failed=0
check() { # name, expected exit, actual exit, [log]
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: exit $3, expected $2"; [ -n "${4:-}" ] && tail -20 "$4"; fi
}
java -cp "pipeline-local/target/classes:$(cat pipeline-local/target/classpath.txt)" \
  io.lakeshore.datagen.GenerateMain --raw-dir "$work/raw" --date 2026-01-01 --orders 200 > "$work/gen.log" 2>&1
check "generate one date" 0 $? "$work/gen.log"

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

for job in enrichment:EnrichmentJob curation:CurationJob aggregation:AggregationJob; do
  name=${job%%:*}; class=${job##*:}
  submit "jobs-$name" "io.lakeshore.jobs.$name.$class" --date 2026-01-01 > "$work/$name.log" 2>&1
  check "spark-submit $name" 0 $? "$work/$name.log"
done
grep -q '"status" : "SUCCEEDED"' "$work"/reports/aggregation/*.json \
  && grep -A3 '"serving.customer_ltv"' "$work"/reports/aggregation/*.json | grep -Eq '"rows_written" : [1-9]'
check "serving written through the job jars" 0 $? "$work/aggregation.log"

echo "spark-submit: $passed passed, $failed failed"
[ "$failed" = 0 ]
