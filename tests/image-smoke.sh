#!/usr/bin/env bash
# The job image, built for real and run here without a registry or a daemon (issue 15):
# 1. a stand-in for the official Spark base (spark-images/standin/build-base.sh: Debian's JRE 17,
#    tini, gosu; the pyspark 4.1.3 wheel's Spark under /opt/spark; user 185; the entrypoint's
#    contract), built once and cached by content;
# 2. the real spark-images/Containerfile built on it by spark-images/build.sh with buildah;
# 3. the image checked: tag = project version, user 185, workdir, the base's entrypoint, OCI
#    labels, the job jars, S3A jars and conf/ exactly where the launchers expect them, no S3A jar
#    that Spark already ships, and no secret in the layers it adds or in its configuration;
# 4. the enrichment job run inside it as Kubernetes runs a driver (/opt/entrypoint.sh driver ...,
#    local:///opt/lakeshore/jars/...), in local mode, with --conf-dir /opt/lakeshore/conf --env k8s,
#    on a real S3 server (s3proxy on 127.0.0.1) through the image's S3A jars, with credentials from
#    web identity as IRSA gives them (a token file, a role, a stand-in STS on 127.0.0.1): exit 0, a
#    SUCCEEDED run report, rows in golden.orders, the Delta table there, STS asked with the token.
# Needs the Maven build (bin/test-all runs it first: job jars, datagen, target/s3proxy). Root
# installs buildah and mmdebstrap from Debian when missing; pyspark comes from .venv (installed
# there as tests/spark-submit-smoke.sh does when missing).
set -uo pipefail
cd "$(dirname "$0")/.."
# buildah needs no daemon with chroot isolation. Storage: overlay where the kernel mounts it (the
# image build takes ~6 s here), else vfs, which copies the whole file system for every layer (~95 s);
# STORAGE_DRIVER chooses. In a store of the test's own (CONTAINERS_STORAGE_CONF, honoured by every
# buildah below), which keeps only the stand-in base between runs and leaves the default store alone.
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
store=${LAKESHORE_IMAGE_STORE:-/var/tmp/lakeshore-image-smoke}
use_store() { # DRIVER: the store of that driver, for every buildah command from now on
  mkdir -p "$store/$1"
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$1" "$store/$1" "$store/$1" > "$store/$1/storage.conf"
  export STORAGE_DRIVER=$1 CONTAINERS_STORAGE_CONF=$store/$1/storage.conf
}
bh() { buildah --storage-driver "$STORAGE_DRIVER" "$@"; }
t_start=$SECONDS
passed=0; failed=0
check() { # name, expected exit, actual exit, [log]
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: exit $3, expected $2"; [ -n "${4:-}" ] && tail -30 "$4"; fi
}
finish() { echo "image: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
die() { echo "FAIL $*"; failed=$((failed + 1)); finish; }

version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
# every jobs-* module of the parent pom: what spark-images/build.sh packages into the image
jobs=$(sed -n 's:.*<module>\(jobs-[^<]*\)</module>.*:\1:p' pom.xml)
for m in $jobs; do
  [ -f "$m/target/$m-$version-job.jar" ] || die "no $m/target/$m-$version-job.jar: run the Maven build first (mvn package)"
done
[ -f pipeline-local/target/s3proxy/s3proxy.jar ] && [ -f pipeline-local/target/classpath.txt ] \
  || die "no pipeline-local/target/s3proxy/s3proxy.jar or classpath.txt: run the Maven build first"

work=$(mktemp -d /tmp/lakeshore-image-smoke.XXXXXX)
ctr=""; s3pid=""; stspid=""; image=""
cleanup() {
  [ -n "$s3pid" ] && kill "$s3pid" 2>/dev/null
  [ -n "$stspid" ] && kill "$stspid" 2>/dev/null
  [ -n "$ctr" ] && bh rm "$ctr" >/dev/null 2>&1
  # the stand-in base stays (cached); the image and the layers cached by its build go
  [ -n "$image" ] && bh rmi "$image" >/dev/null 2>&1 && bh rmi --prune >/dev/null 2>&1
  if [ "${LAKESHORE_KEEP_WORK:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if ! command -v buildah >/dev/null; then
  [ "$(id -u)" = 0 ] || die "buildah is missing and installing it needs root (apt-get install buildah)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah > "$work/apt.log" 2>&1 \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah; } >> "$work/apt.log" 2>&1
  check "buildah installed from Debian" 0 $? "$work/apt.log"
fi
if [ -n "${STORAGE_DRIVER:-}" ]; then use_store "$STORAGE_DRIVER"
else
  use_store overlay
  probe=$(bh from scratch 2>/dev/null) && bh mount "$probe" >/dev/null 2>&1; ok=$?
  [ -n "$probe" ] && bh rm "$probe" >/dev/null 2>&1
  [ "$ok" = 0 ] || use_store vfs
fi
echo "buildah storage: $STORAGE_DRIVER in $store/$STORAGE_DRIVER, isolation $BUILDAH_ISOLATION"
pyspark=$(ls -d .venv/lib/python3*/site-packages/pyspark 2>/dev/null | head -1)
if [ -z "$pyspark" ] || ! grep -q "'4.1.3'" "$pyspark/version.py"; then
  { python3 -m venv .venv && .venv/bin/pip install -q --disable-pip-version-check "pyspark==4.1.3"; } > "$work/pip.log" 2>&1
  check "pyspark 4.1.3 installed into .venv" 0 $? "$work/pip.log"
  pyspark=$(ls -d .venv/lib/python3*/site-packages/pyspark | head -1)
fi

# 1. the stand-in base
t0=$SECONDS
base=$(spark-images/standin/build-base.sh "$pyspark" 2> "$work/base.log")
check "stand-in base ($(tail -1 "$work/base.log"))" 0 $? "$work/base.log"
[ -n "$base" ] || finish
t_base=$((SECONDS - t0))

# 2. the real Containerfile on it, with the build command (jars from the Maven build above)
t0=$SECONDS
image=$(LAKESHORE_SKIP_BUILD=1 spark-images/build.sh --builder buildah --registry localhost/lakeshore-smoke --base "$base" 2> "$work/build.log")
check "spark-images/build.sh builds the Containerfile on the stand-in" 0 $? "$work/build.log"
t_build=$((SECONDS - t0))
[ -n "$image" ] || finish
grep '^built ' "$work/build.log"

# 3. what the image is
[ "$image" = "localhost/lakeshore-smoke/lakeshore-jobs:$version" ]
check "tag is the project version: $image" 0 $?
bh inspect --type image "$image" > "$work/inspect.json"
field() { # Go template over the image's OCI config
  bh inspect --type image --format "$1" "$image"
}
[ "$(field '{{.OCIv1.Config.User}}')" = 185 ]
check "user 185" 0 $?
[ "$(field '{{.OCIv1.Config.WorkingDir}}')" = /opt/spark/work-dir ]
check "workdir /opt/spark/work-dir" 0 $?
[ "$(field '{{.OCIv1.Config.Entrypoint}}')" = '[/opt/entrypoint.sh]' ] \
  && [ "$(field '{{.OCIv1.Config.Entrypoint}}')" = "$(bh inspect --type image --format '{{.OCIv1.Config.Entrypoint}}' "$base")" ]
check "entrypoint is the base's /opt/entrypoint.sh" 0 $?
label() { field "{{index .OCIv1.Config.Labels \"org.opencontainers.image.$1\"}}"; }
[ "$(label version)" = "$version" ] && [ "$(label revision)" = "$(git rev-parse HEAD 2>/dev/null || echo unknown)" ] \
  && [ -n "$(label source)" ] && [ "$(label base.name)" = "$base" ] && [ "$(label title)" = lakeshore-jobs ]
check "OCI labels: version $(label version), revision $(label revision | cut -c1-12), source $(label source), base" 0 $?
# the base's layers, then one per COPY (S3A jars, conf, job jars), in that order
base_layers=$(bh inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$base")
[ "$(field '{{len .OCIv1.RootFS.DiffIDs}}')" = $((base_layers + 3)) ] \
  && field '{{range .History}}{{.CreatedBy}}{{"\n"}}{{end}}' | grep -o 'in /opt/[a-z/]*' | tr '\n' ' ' \
  | grep -qx 'in /opt/spark/jars/ in /opt/lakeshore/conf/ in /opt/lakeshore/jars/ '
check "three layers on the base: S3A jars, conf, job jars" 0 $?

ctr=$(bh from "$image")
mnt=$(bh mount "$ctr")
ok=0
for m in $jobs; do cmp -s "$m/target/$m-$version-job.jar" "$mnt/opt/lakeshore/jars/$m-$version-job.jar" || ok=1; done
[ "$(ls "$mnt/opt/lakeshore/jars" | wc -l)" = "$(echo $jobs | wc -w)" ] || ok=1
check "the $(echo $jobs | wc -w) job jars in /opt/lakeshore/jars, as built" 0 $ok
mkdir -p "$work/tracked" && git ls-files -z conf | xargs -0 cp --parents -t "$work/tracked"
diff -r "$work/tracked/conf" "$mnt/opt/lakeshore/conf" > "$work/conf.diff" 2>&1
check "conf/ (what git tracks) at /opt/lakeshore/conf" 0 $? "$work/conf.diff"
s3a=spark-images/target/context/s3a-jars
ok=0
for j in "$s3a"/*.jar; do cmp -s "$j" "$mnt/opt/spark/jars/$(basename "$j")" || ok=1; done
ls "$s3a" | grep -qx hadoop-aws-3.4.2.jar && ls "$s3a" | grep -qx 's3-2.*\.jar' && ls "$s3a" | grep -qx 'sts-2.*\.jar' || ok=1
check "S3A jars in /opt/spark/jars: $(ls "$s3a" | wc -l) files, $(( $(du -sb "$s3a" | cut -f1) / 1000000 )) MB (hadoop-aws 3.4.2, SDK s3, sts)" 0 $ok
# an artifact in Spark's jars and in ours under another version: which class loads would be luck
artifact() { sed -E 's/-[0-9][0-9.]*(-[A-Za-z0-9.]+)?\.jar$//'; }
comm -12 <(ls "$pyspark/jars" | artifact | sort -u) <(ls "$s3a" | artifact | sort -u) > "$work/dups.txt"
check "no S3A jar duplicates one of Spark's" 0 "$([ -s "$work/dups.txt" ] && echo 1 || echo 0)" "$work/dups.txt"
[ "$(stat -c %u "$mnt/opt/lakeshore/jars/jobs-enrichment-$version-job.jar")" = 0 ] \
  && [ -z "$(find "$mnt/opt/lakeshore" -perm /022)" ]
check "jars and conf belong to root, read-only to user 185" 0 $?
bh umount "$ctr" >/dev/null

# no secret: in the layers the Containerfile adds (every file, and every entry of every jar) and
# in the image's configuration and history. The scanner is proven on a planted secret first.
# -z: a file is one record (up to a NUL byte), so a key's body is matched on the lines after its
# header; class files that merely hold the header (TLS libraries do) do not match
secret_re='(-----BEGIN [A-Z ]*PRIVATE KEY-----[[:space:]]+[A-Za-z0-9+/=]{40})|((AKIA|ASIA)[A-Z0-9]{16})|(LAKESHORE-TEST-SECRET|LSTESTKEY)'
secret_re+='|((aws_secret_access_key|AWS_SECRET_ACCESS_KEY|secret[._-]key|secretAccessKey|password)["'"'"']?[[:space:]]*[=:][[:space:]]*["'"'"']?[A-Za-z0-9/+]{12,})'
count_secrets() { # FILE -> how many records match (a jar: all its entries, unpacked on the fly); fails if unreadable
  case "$1" in
    # grep -c reads to the end: with -q it could stop early and unzip die of SIGPIPE
    *.jar|*.zip) unzip -p "$1" | grep -caEz -- "$secret_re"; return "${PIPESTATUS[0]}" ;;
    *) grep -caEz -- "$secret_re" "$1"; [ $? -le 1 ] ;;
  esac
}
scan() { # DIR -> prints each file that holds a secret or cannot be read; exit 0 when none and DIR has files
  local dir=$1 f n hits=0 files=0
  while IFS= read -r -d '' f; do
    files=$((files + 1))
    if ! n=$(count_secrets "$f"); then echo "$f: cannot read"; hits=1
    elif [ "$n" != 0 ]; then echo "$f"; hits=1; fi
  done < <(find "$dir" -type f -print0)
  [ "$files" -gt 0 ] && [ "$hits" = 0 ]
}
mkdir -p "$work/planted/conf" "$work/planted/jar"
printf 'fs.s3a.secret.key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz0000KEY"\n' > "$work/planted/jar/reference.conf"
(cd "$work/planted/jar" && jar cf ../conf/app.jar reference.conf) && rm -r "$work/planted/jar"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n' > "$work/planted/conf/tls.key"
printf -- 'String k = "-----BEGIN RSA PRIVATE KEY-----";\n' > "$work/planted/conf/Header.java"
scan "$work/planted" > "$work/planted.txt"; rc=$?
[ "$(sed "s|$work/planted/conf/||" "$work/planted.txt" | sort | tr '\n' ' ')" = "app.jar tls.key " ]
check "the secret scan finds the secrets planted in a jar and a key file, and not a bare key header" "1 0" "$rc $?" "$work/planted.txt"

t0=$SECONDS
layers="$work/layers"
bh push --disable-compression "$image" "dir:$layers" > "$work/push.log" 2>&1
check "image exported (dir:, uncompressed)" 0 $? "$work/push.log"
base_digests=$(bh inspect --type image --format '{{.Manifest}}' "$base" | grep -o 'sha256:[0-9a-f]*' | sort -u)
ok=0; n=0
for d in $(grep -o '"digest": *"sha256:[0-9a-f]*"' "$layers/manifest.json" | grep -o '[0-9a-f]\{64\}'); do
  [ -f "$layers/$d" ] || continue
  tar tf "$layers/$d" >/dev/null 2>&1 || continue # the config blob
  echo "$base_digests" | grep -q "$d" && continue # a layer of the (stand-in) base
  n=$((n + 1)); mkdir -p "$work/scan/$n" && tar xf "$layers/$d" -C "$work/scan/$n" || ok=1
done
rm -rf "$layers"
scan "$work/scan" > "$work/secrets.txt" && [ "$n" = 3 ] || ok=1
grep -qaEz -- "$secret_re" "$work/inspect.json" && { echo "$work/inspect.json" >> "$work/secrets.txt"; ok=1; }
check "no secret in the $n added layers ($(( $(du -sb "$work/scan" | cut -f1) / 1000000 )) MB, every jar entry included) nor the image config ($((SECONDS - t0)) s)" 0 $ok "$work/secrets.txt"
rm -rf "$work/scan"

# 4. the enrichment job inside the image, as a Kubernetes driver pod runs it, on S3
t0=$SECONDS
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bucket=lakeshore-image
access_key="LSTESTKEY$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
secret="LAKESHORE-TEST-SECRET-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
s3=$work/s3; mkdir -p "$s3/data/$bucket"
# the filesystem-nio2 backend, as S3Server (etl-core's test kit) explains; ignore-unknown-headers:
# requests signed with session credentials (web identity through STS, below) carry a header that
# s3proxy 4.1.0 otherwise answers with 501 NotImplemented
( umask 077; printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$port" "s3proxy.authorization=aws-v2-or-v4" \
    "s3proxy.identity=$access_key" "s3proxy.credential=$secret" "jclouds.provider=filesystem-nio2" "s3proxy.ignore-unknown-headers=true" \
    "jclouds.identity=unused" "jclouds.credential=unused" "jclouds.filesystem.basedir=$s3/data" > "$s3/s3proxy.conf" )
java -Xmx256m -XX:ActiveProcessorCount=1 -jar pipeline-local/target/s3proxy/s3proxy.jar --properties "$s3/s3proxy.conf" > "$s3/s3proxy.log" 2>&1 &
s3pid=$!
for _ in $(seq 1 150); do (exec 7<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
rm -f "$s3/s3proxy.conf" # it holds the secret; s3proxy has read it
(exec 7<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
check "s3proxy on 127.0.0.1:$port" 0 $? "$s3/s3proxy.log"
# the raw zone, generated here and put into the bucket with S3 requests (files dropped into the
# backend's folder would have no ETag, which S3A's change detection requires)
java -cp "pipeline-local/target/classes:$(cat pipeline-local/target/classpath.txt)" io.lakeshore.datagen.GenerateMain \
  --raw-dir "$work/raw" --date 2026-01-01 --orders 200 > "$work/gen.log" 2>&1 \
  && (cd "$work/raw" && find . -type f -printf '%P\n' | grep . | while read -r f; do
        curl -sSf -K <(printf 'user = "%s:%s"\n' "$access_key" "$secret") --aws-sigv4 aws:amz:us-east-1:s3 \
          -H "x-amz-content-sha256: $(sha256sum "$f" | cut -d' ' -f1)" -T "$f" "http://127.0.0.1:$port/$bucket/lake/raw/$f" || exit 1
      done) >> "$work/gen.log" 2>&1
check "generate one date into the bucket" 0 $? "$work/gen.log"
# Credentials by web identity, as IRSA gives a pod: a projected service-account token and a role
# ARN in the environment, which the SDK's default chain trades with STS for session credentials.
# STS here is a stand-in on 127.0.0.1 (AWS_ENDPOINT_URL_STS) that accepts only that token and role.
# (The token is not at EKS's /var/run/secrets/eks.amazonaws.com/...: buildah run keeps /run/secrets
# for itself and a volume there stays empty. The variable is what the SDK reads.)
role=arn:aws:iam::000000000000:role/lakeshore-jobs
mkdir -p "$work/sa" && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/sa/token" && chmod -R a+rX "$work/sa"
cat > "$work/sts.py" <<'PY'
import http.server, os, sys, urllib.parse
token = open(sys.argv[1]).read().strip()
role, log = os.environ["ROLE"], open(sys.argv[2], "a", buffering=1)
class Sts(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        get = lambda k: form.get(k, [""])[0]
        ok = get("Action") == "AssumeRoleWithWebIdentity" and get("RoleArn") == role and get("WebIdentityToken") == token
        log.write("%s %s %s\n" % (get("Action"), get("RoleArn"), "accepted" if ok else "refused"))
        body = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult>"
                "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>session</SessionToken>"
                "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>%s</Arn><AssumedRoleId>AROA:lakeshore</AssumedRoleId>"
                "</AssumedRoleUser></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                "</AssumeRoleWithWebIdentityResponse>" % (os.environ["KEY"], os.environ["SECRET"], role)) if ok else \
               "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>refused</Message></Error></ErrorResponse>"
        self.send_response(200 if ok else 403)
        self.send_header("Content-Type", "text/xml"); self.end_headers(); self.wfile.write(body.encode())
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Sts)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
ROLE=$role KEY=$access_key SECRET=$secret python3 "$work/sts.py" "$work/sa/token" "$work/sts.log" > "$work/sts.port" 2> "$work/sts.err" &
stspid=$!
for _ in $(seq 1 50); do [ -s "$work/sts.port" ] && break; sleep 0.1; done
sts_port=$(cat "$work/sts.port")
# the Iceberg catalog a cluster reaches over JDBC: here an SQLite file in a folder mounted for it
mkdir -p "$work/catalog" && chown 185:185 "$work/catalog"
# a pod's /etc/hosts names the pod; buildah run's does not, so the container gets one like it
printf '127.0.0.1\tlocalhost\n127.0.0.1\tlakeshore-driver\n' > "$work/hosts"
jar=local:///opt/lakeshore/jars/jobs-enrichment-$version-job.jar
bh run --isolation "$BUILDAH_ISOLATION" --hostname lakeshore-driver --no-hosts -v "$work/hosts:/etc/hosts:ro" -v "$work/catalog:/catalog" \
  -v "$work/sa:/run/lakeshore/serviceaccount:ro" \
  --env AWS_ROLE_ARN="$role" --env AWS_WEB_IDENTITY_TOKEN_FILE=/run/lakeshore/serviceaccount/token \
  --env AWS_REGION=us-east-1 --env AWS_ENDPOINT_URL_STS="http://127.0.0.1:$sts_port" \
  --env SPARK_DRIVER_BIND_ADDRESS=127.0.0.1 "$ctr" -- \
  /opt/entrypoint.sh driver --master 'local[2]' --conf spark.ui.enabled=false \
    --driver-java-options "-Dlog4j2.level=warn -XX:-DontCompileHugeMethods -XX:TieredStopAtLevel=1" \
    --class io.lakeshore.jobs.enrichment.EnrichmentJob "$jar" \
    --date 2026-01-01 --conf-dir /opt/lakeshore/conf --env k8s \
    --conf "lakeshore.root=s3a://$bucket/lake" --conf lakeshore.spark.shuffle-partitions=4 \
    --conf 'lakeshore.spark.conf."spark.databricks.delta.snapshotPartitions"="4"' \
    --conf "lakeshore.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=\"http://127.0.0.1:$port\"" \
    --conf 'lakeshore.spark.conf."spark.hadoop.fs.s3a.path.style.access"="true"' \
    --conf 'lakeshore.spark.conf."spark.hadoop.fs.s3a.connection.ssl.enabled"="false"' \
    --conf 'lakeshore.spark.conf."spark.driver.host"="127.0.0.1"' \
    --conf 'lakeshore.iceberg.properties.uri="jdbc:sqlite:/catalog/iceberg.db"' \
  > "$work/enrichment.log" 2>&1
check "enrichment in the image: entrypoint driver, local:/// jar, --env k8s, S3A, web identity ($((SECONDS - t0)) s)" 0 $? "$work/enrichment.log"
t_run=$((SECONDS - t0))
lake=$s3/data/$bucket/lake
report=$(ls "$lake"/reports/enrichment/*.json 2>/dev/null | head -1)
[ -n "$report" ] && grep -q '"status" : "SUCCEEDED"' "$report" \
  && grep -A3 '"golden.orders"' "$report" | grep -Eq '"rows_written" : [1-9]'
check "run report on S3: SUCCEEDED, rows written to golden.orders" 0 $? "${report:-$work/enrichment.log}"
[ -n "$(find "$lake" -path '*golden*orders/_delta_log/00000000000000000000.json' 2>/dev/null)" ] \
  && [ -n "$(find "$lake" -path '*golden*orders*' -name '*.parquet' 2>/dev/null)" ]
check "golden.orders is a Delta table in the bucket" 0 $?
grep -q "AssumeRoleWithWebIdentity $role accepted" "$work/sts.log" && ! grep -q refused "$work/sts.log"
check "credentials came from STS for the service-account token (IRSA's path, needs the sts jar)" 0 $? "$work/sts.log"
! grep -rqa -- "$secret" "$work/enrichment.log" "$lake"
check "the secret is in no output and no object" 0 $?

echo "image smoke: stand-in base ${t_base} s, image build ${t_build} s, job run ${t_run} s, total $((SECONDS - t_start)) s"
finish
