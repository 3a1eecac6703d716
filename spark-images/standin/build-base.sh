#!/usr/bin/env bash
# build-base.sh PYSPARK_DIR - a stand-in for apache/spark:4.1.3-scala2.13-java17-ubuntu, for the
# image smoke test (tests/image-smoke.sh) where the official image cannot be pulled. Prints its
# name (localhost/lakeshore-spark-standin:<spark version>-<key>) as the only line on stdout.
#
# Same layout and contract as the official image, from Debian packages and the pyspark wheel:
# - a Debian bookworm root file system made by mmdebstrap (Debian package; installed when missing):
#   the essential packages, OpenJDK 17 JRE headless, tini, gosu, libnss-wrapper, procps (the
#   official image: Ubuntu jammy with Eclipse Temurin 17 and the same tools); JAVA_HOME
#   /opt/java/openjdk as there;
# - the Spark distribution of PYSPARK_DIR (an installed pyspark package: its jars/, bin/, sbin/
#   are a Spark build's) under /opt/spark, owned by spark (uid and gid 185);
# - /opt/entrypoint.sh with the official entrypoint's contract (standin/entrypoint.sh), as the
#   image's entrypoint; workdir /opt/spark/work-dir; user spark; SPARK_HOME=/opt/spark.
# Not there: Python, R, examples and /opt/decom.sh, which no test here uses.
#
# Cached by content: the key hashes this script, the entrypoint and the Spark distribution's file
# list; an image with that key is reused, stand-ins with another key are removed. Building one
# takes 1 to 2 minutes, most of it fetching and installing the Debian packages.
# buildah's storage driver: $STORAGE_DRIVER (default vfs); CONTAINERS_STORAGE_CONF may name another store.
set -euo pipefail
exec 3>&1 1>&2
here=$(cd "$(dirname "$0")" && pwd)
pyspark=${1:?usage: build-base.sh PYSPARK_DIR}
pyspark=$(cd "$pyspark" && pwd)
bh() { buildah --storage-driver "${STORAGE_DRIVER:-vfs}" "$@"; }
mirror=${LAKESHORE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=openjdk-17-jre-headless,tini,gosu,libnss-wrapper,procps,passwd

spark_version=$(sed -n "s/^__version__[^=]*= *['\"]\([^'\"]*\)['\"].*/\1/p" "$pyspark/version.py")
[ -n "$spark_version" ] && [ -d "$pyspark/jars" ] && [ -x "$pyspark/bin/spark-submit" ] \
  || { echo "Cannot build the stand-in base: $pyspark is not an installed pyspark package"; exit 1; }
key=$( { cat "$0" "$here/entrypoint.sh"; echo "$mirror $packages"
         (cd "$pyspark" && find jars bin sbin -type f -printf '%p %s\n' | LC_ALL=C sort); } | sha256sum | cut -c1-16)
repo=localhost/lakeshore-spark-standin
name=$repo:$spark_version-$key

exec 9>/tmp/.lakeshore-standin.lock
flock -w 1800 9 || { echo "Cannot build the stand-in base: another build holds /tmp/.lakeshore-standin.lock"; exit 1; }
if bh inspect --type image "$name" >/dev/null 2>&1; then
  echo "stand-in base $name: cached"
  echo "$name" >&3; exit 0
fi
t0=$SECONDS
if ! command -v mmdebstrap >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "Cannot build the stand-in base: mmdebstrap is missing and installing it needs root"; exit 1; }
  echo "installing mmdebstrap (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap; }
fi

work=$(mktemp -d /tmp/lakeshore-standin.XXXXXX)
ctr=""
cleanup() { [ -n "$ctr" ] && bh rm "$ctr" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
arch=$(dpkg --print-architecture)
export PYSPARK_DIR=$pyspark ENTRYPOINT_SH=$here/entrypoint.sh JVM_DIR=/usr/lib/jvm/java-17-openjdk-$arch
# man pages are left out, but the JRE's postinst registers alternatives for them: keep man1
mmdebstrap --variant=essential --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='chroot "$1" groupadd --system --gid 185 spark' \
  --customize-hook='chroot "$1" useradd --system --uid 185 --gid spark -d /nonexistent -s /usr/sbin/nologin spark' \
  --customize-hook='mkdir -p "$1/opt/spark/work-dir" "$1/opt/java" && chmod g+w "$1/opt/spark/work-dir"' \
  --customize-hook='cp -r "$PYSPARK_DIR/jars" "$PYSPARK_DIR/bin" "$PYSPARK_DIR/sbin" "$1/opt/spark/" && touch "$1/opt/spark/RELEASE"' \
  --customize-hook='chown -R 185:185 "$1/opt/spark"' \
  --customize-hook='install -m 0755 "$ENTRYPOINT_SH" "$1/opt/entrypoint.sh" && ln -s "$JVM_DIR" "$1/opt/java/openjdk"' \
  --customize-hook='test -x "$1/opt/java/openjdk/bin/java"' \
  bookworm "$work/rootfs.tar" "$mirror"
echo "root file system: $(du -m "$work/rootfs.tar" | cut -f1) MB in $((SECONDS - t0)) s"

ctr=$(bh from scratch)
bh add "$ctr" "$work/rootfs.tar" / >/dev/null
bh config \
  --env JAVA_HOME=/opt/java/openjdk --env SPARK_HOME=/opt/spark \
  --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --workingdir /opt/spark/work-dir --user spark --entrypoint '["/opt/entrypoint.sh"]' --cmd '' \
  --label "org.opencontainers.image.title=lakeshore stand-in for apache/spark:$spark_version-scala2.13-java17-ubuntu" \
  --label "io.lakeshore.standin.key=$key" "$ctr"
bh commit -q --rm "$ctr" "$name" >/dev/null
ctr=""
bh images --format '{{.Name}}:{{.Tag}}' | { grep "^$repo:" || true; } | { grep -vx "$name" || true; } \
  | while read -r old; do bh rmi "$old" >/dev/null && echo "removed the outdated stand-in $old"; done
echo "stand-in base $name: built in $((SECONDS - t0)) s"
echo "$name" >&3
