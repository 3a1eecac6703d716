#!/usr/bin/env bash
# Interoperability: the golden (Delta) and serving (Iceberg) tables the JVM writes are read by
# other engines through the same paths and catalog, with equal row counts and checksums:
#   reference  the JVM: InteropDigest (pipeline-local's test sources) reads each table through
#              Lakeshore's own table API, in a process of its own after the pipeline has run
#   pyspark    a separate pyspark 4.1.3 process with the Delta and Iceberg Spark runtimes
#   deltalake  the deltalake package (delta-rs, no Spark, no JVM), Delta tables by path
#   pyiceberg  pyiceberg's SqlCatalog `lake` on the same SQLite file (no Spark, no JVM)
# The tables, their columns and the checksum are defined in tests/interop/tables.txt.
# Usage: tests/interop.sh [LAKE]: reads the lake at LAKE (bin/test-all passes the one the
# spark-submit smoke test wrote with the job jars); without it, runs the local pipeline over two
# dates into a temporary lake first (about 2 minutes more).
# Needs the Maven build (bin/test-all runs it first). Installs the pinned Python packages of
# tests/requirements-interop.txt into .venv on first use.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
venv=.venv
requirements=tests/requirements-interop.txt
tables=tests/interop/tables.txt
readers=tests/interop/readers.py
cp_file=pipeline-local/target/classpath.txt

passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# a failure after which nothing else can be checked
die() { fail "$*"; echo "interop: $passed passed, $failed failed"; exit 1; }
for f in "$cp_file" pipeline-local/target/classes/io/lakeshore/local/LocalPipeline.class \
    pipeline-local/target/test-classes/io/lakeshore/local/InteropDigest.class; do
  [ -f "$f" ] || die "interop: $f is missing: build first (mvn -B -ntp package -DskipTests, or bin/test-all)"
done

# --- Python packages: installed once, again only when the requirements file changes -----------
tests/interop-venv.sh > /dev/null || die "interop: cannot install the Python packages of $requirements (see above)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lake=${1:-$work}
lake_s=0 # seconds the pipeline took to write the lake; 0 when it was given
show() { [ -f "$1" ] && tail -20 "$1"; }

# --- the lake, written by the JVM: the real pipeline over two dates ----------------------------
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)
# short runs on few cores: the C1 compiler alone (measured: the pipeline in 115 s instead of 151 s),
# and the serial collector, as the JVMs the Java tests start (ChildJvm)
opens="$opens -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
classpath=$(cat "$cp_file")
if [ -n "${1:-}" ]; then
  [ -d "$lake/warehouse" ] || die "interop: no lake at $lake (no warehouse folder)"
  ok "reading the lake at $lake"
else
t=$SECONDS
# shellcheck disable=SC2086
java -Xmx2g $opens -cp "pipeline-local/target/classes:$classpath" io.lakeshore.local.LocalPipeline \
  --from 2026-01-01 --to 2026-01-02 --orders 300 --domains commerce --env local --conf-dir conf --conf "lakeshore.root=$lake" \
  > "$work/pipeline.log" 2>&1
code=$?
lake_s=$((SECONDS - t))
if [ "$code" = 0 ]; then ok "local pipeline wrote the lake over 2026-01-01..2026-01-02 ($lake_s s)"
else show "$work/pipeline.log"; die "local pipeline: exit $code, no lake to read"; fi
fi

# --- the reference: the JVM, through Lakeshore's table API --------------------------------------
t=$SECONDS
# shellcheck disable=SC2086
java -Xmx1g $opens -cp "pipeline-local/target/test-classes:pipeline-local/target/classes:$classpath" \
  io.lakeshore.local.InteropDigest conf "$lake" "$tables" > "$work/reference.txt" 2> "$work/reference.log"
code=$?
reference_s=$((SECONDS - t))
[ "$code" = 0 ] || { show "$work/reference.log"; die "reference (JVM): exit $code, nothing to compare with"; }
while read -r table format _; do
  read -r _ rows _ < <(grep "^$table " "$work/reference.txt")
  if [ "${rows:-0}" -gt 0 ] 2>/dev/null; then ok "reference (JVM) $table ($format): $rows rows"
  else fail "reference (JVM) $table: no rows (${rows:-not digested}); a comparison of empty tables proves nothing"; fi
done < <(grep -v '^\s*#' "$tables" | grep -v '^\s*$')

# --- the other engines ------------------------------------------------------------------------
# The Delta and Iceberg jars of the build (the artifacts the job jars shade), so their versions
# are always the ones Lakeshore is built with.
jars=()
while IFS= read -r jar; do jars+=("$jar"); done \
  < <(tr ':' '\n' < "$cp_file" | grep -E '/io/delta/|/org/apache/iceberg/|/org/xerial/sqlite-jdbc/')
for need in delta-spark_ delta-storage- iceberg-spark-runtime- sqlite-jdbc-; do
  printf '%s\n' "${jars[@]}" | grep -q "/$need" || die "interop: no $need jar in $cp_file"
done

declare -A took
for reader in pyspark deltalake pyiceberg altered; do
  t=$SECONDS
  args=()
  [ "$reader" = pyspark ] && args=("${jars[@]}")
  "$venv/bin/python" "$readers" "$reader" "$lake" "$tables" "${args[@]}" > "$work/$reader.txt" 2> "$work/$reader.log"
  code=$?
  took[$reader]=$((SECONDS - t))
  [ "$code" = 0 ] || { fail "$reader: exit $code"; show "$work/$reader.log"; }
done

# compare one reader's line for a table with the reference's: rows, then checksum
compare() { # reader, table, expect (same | checksum-differs)
  local reader=$1 table=$2 expect=$3 ref_rows ref_sum rows sum
  read -r _ ref_rows ref_sum < <(grep "^$table " "$work/reference.txt")
  read -r _ rows sum < <(grep "^$table " "$work/$reader.txt")
  if [ -z "${rows:-}" ]; then fail "$reader $table: not read (see above)"; return; fi
  if [ "$expect" = same ]; then
    if [ "$rows" = "$ref_rows" ] && [ "$sum" = "$ref_sum" ]; then ok "$reader $table: $rows rows, checksum ${sum:0:16}… as the JVM"
    else fail "$reader $table: $rows rows, checksum $sum; the JVM read $ref_rows rows, checksum $ref_sum"; fi
  else
    if [ "$rows" = "$ref_rows" ] && [ -n "$sum" ] && [ "$sum" != "$ref_sum" ]; then
      ok "negative check: $table with one value changed: same $rows rows, the checksum differs"
    else fail "negative check: $table with one value changed: $rows rows, checksum $sum; expected $ref_rows rows and a checksum other than $ref_sum"; fi
  fi
}
while read -r table format _; do
  compare pyspark "$table" same
  if [ "$format" = delta ]; then
    compare deltalake "$table" same
    compare altered "$table" checksum-differs
  else
    compare pyiceberg "$table" same
  fi
done < <(grep -v '^\s*#' "$tables" | grep -v '^\s*$')

"$venv/bin/python" "$readers" selftest > "$work/selftest.log" 2>&1
if [ $? = 0 ]; then ok "negative check: the digest tells apart a changed value, a missing or duplicated row, a NULL, and ignores row order"
else fail "digest self-test"; cat "$work/selftest.log"; fi

echo "times: lake ${lake_s} s, JVM reference ${reference_s} s, pyspark ${took[pyspark]} s, deltalake ${took[deltalake]} s, pyiceberg ${took[pyiceberg]} s, total $((SECONDS - started)) s"
echo "interop: $passed passed, $failed failed"
[ "$failed" = 0 ]
