#!/usr/bin/env bash
# Builds the job image <registry>/lakeshore-jobs:<project version> from spark-images/Containerfile
# (also: bin/lakeshore image). Usage:
#   spark-images/build.sh [--registry REGISTRY] [--base IMAGE] [--builder buildah|docker]
#     --registry  where the image will be pushed (default ghcr.io/lakeshore, or $LAKESHORE_IMAGE_REGISTRY)
#     --base      the Spark image to build on (default: the Containerfile's docker.io/apache/spark:4.1.3-scala2.13-java17-ubuntu)
#     --builder   default: docker when a Docker daemon answers, otherwise buildah (installed from
#                 Debian with apt-get when missing, as root), with --storage-driver $STORAGE_DRIVER
#                 (default vfs) and --isolation $BUILDAH_ISOLATION (default chroot): no daemon needed
# Stages the build context in spark-images/target/context: the job jars (mvn package of the job
# modules, skipped with LAKESHORE_SKIP_BUILD=1 when the jars exist), the S3A jars (resolved by
# Maven from spark-images/pom.xml, cached in ~/.m2), conf/ (the files git tracks). Progress, the
# image size and the timings go to stderr; stdout gets the image reference only.
set -euo pipefail
exec 3>&1 1>&2
cd "$(dirname "$0")/.."
root=$PWD
registry=${LAKESHORE_IMAGE_REGISTRY:-ghcr.io/lakeshore}
base=""; builder=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry=${2:?--registry needs a value}; shift 2 ;;
    --base) base=${2:?--base needs a value}; shift 2 ;;
    --builder) builder=${2:?--builder needs a value}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "Cannot build the image: unknown option '$1' (see --help)"; exit 2 ;;
  esac
done
t0=$SECONDS

# the project's version: the parent pom's own <version>, the first in the file
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
[ -n "$version" ] || { echo "Cannot build the image: no <version> in $root/pom.xml"; exit 1; }
ref=$registry/lakeshore-jobs:$version
modules=$(sed -n 's:.*<module>\(jobs-[^<]*\)</module>.*:\1:p' pom.xml)
[ -n "$modules" ] || { echo "Cannot build the image: no jobs-* module in $root/pom.xml"; exit 1; }
jars=(); missing=0
for m in $modules; do
  jars+=("$m/target/$m-$version-job.jar")
  [ -f "$m/target/$m-$version-job.jar" ] || missing=1
done
if [ "${LAKESHORE_SKIP_BUILD:-}" != 1 ] || [ "$missing" = 1 ]; then
  echo "packaging the job jars (mvn package)"
  mvn -B -q -ntp -Dstyle.color=never package -DskipTests -pl "$(echo $modules | tr ' ' ,)" -am
fi

ctx=spark-images/target/context
rm -rf "$ctx"
mkdir -p "$ctx/jars" "$ctx/conf"
cp "${jars[@]}" "$ctx/jars/"
mvn -B -q -ntp -Dstyle.color=never -f spark-images/pom.xml dependency:copy-dependencies -Dimage.jars.dir="$root/$ctx/s3a-jars"
# only what git tracks: a local, untracked file in conf/ (credentials, say) never reaches the image
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z conf | xargs -0 cp --parents -t "$ctx"
else
  cp -r conf/. "$ctx/conf/"
fi
chmod -R a+rX,go-w "$ctx"
staged=$SECONDS

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# the remote's address without any user:password@ part
source=$(git config --get remote.origin.url 2>/dev/null | sed -E 's#^([a-z+]+://)[^/@]*@#\1#' || true)
build_args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=${source:-unknown}")
[ -n "$base" ] && build_args+=(--build-arg "BASE=$base")

if [ -z "$builder" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then builder=docker; else builder=buildah; fi
fi
case "$builder" in
  docker)
    docker build -f spark-images/Containerfile "${build_args[@]}" -t "$ref" "$ctx"
    size=$(docker image inspect -f '{{.Size}}' "$ref")
    ;;
  buildah)
    if ! command -v buildah >/dev/null; then
      [ "$(id -u)" = 0 ] || { echo "Cannot build the image: buildah is missing and installing it needs root (apt-get install buildah)"; exit 1; }
      echo "installing buildah (apt-get)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah \
        || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah; }
    fi
    bh=(buildah --storage-driver "${STORAGE_DRIVER:-vfs}")
    # --layers: one layer per COPY, each reused while its files are unchanged
    "${bh[@]}" build --isolation "${BUILDAH_ISOLATION:-chroot}" --layers -f spark-images/Containerfile \
      "${build_args[@]}" -t "$ref" "$ctx"
    # the layers' sizes from the manifest (its first "size" is the config's)
    size=$("${bh[@]}" inspect --type image --format '{{.Manifest}}' "$ref" | grep -o '"size": *[0-9]*' | tail -n +2 \
      | grep -o '[0-9]*$' | awk '{ s += $1 } END { print s }')
    ;;
  *) echo "Cannot build the image: unknown builder '$builder' (buildah or docker)"; exit 2 ;;
esac
mb() { echo $(( $(du -sb "$1" | cut -f1) / 1000000 )); }
echo "built $ref with $builder: $((size / 1000000)) MB, of which $(mb "$ctx") MB on top of the base" \
  "(job jars $(mb "$ctx/jars") MB, S3A jars $(mb "$ctx/s3a-jars") MB);" \
  "staging $((staged - t0)) s, image build $((SECONDS - staged)) s"
echo "$ref" >&3
