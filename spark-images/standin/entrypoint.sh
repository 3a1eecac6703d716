#!/bin/bash
# The stand-in base's /opt/entrypoint.sh: the contract of the official Spark image's entrypoint,
# which Spark's Kubernetes backend relies on (written for the tests, not copied from that image):
#   driver ARGS...    spark-submit in client mode, bound to $SPARK_DRIVER_BIND_ADDRESS, with ARGS
#   executor          the Kubernetes executor backend, configured from the SPARK_* variables the
#                     driver sets on executor pods, with /opt/spark/jars/* on the classpath
#   anything else     run as given
# Spark processes run under tini, as the spark user when started as root; a uid without a passwd
# entry (OpenShift's random uids) gets one from nss_wrapper.
set -eo pipefail

ensure_passwd_entry() {
  local uid gid lib
  uid=$(id -u); gid=$(id -g)
  getent passwd "$uid" >/dev/null 2>&1 && return 0
  for lib in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
    [ -s "$lib" ] || continue
    NSS_WRAPPER_PASSWD=$(mktemp); NSS_WRAPPER_GROUP=$(mktemp)
    echo "spark:x:$uid:$gid:${SPARK_USER_NAME:-anonymous uid}:$SPARK_HOME:/bin/false" > "$NSS_WRAPPER_PASSWD"
    echo "spark:x:$gid:" > "$NSS_WRAPPER_GROUP"
    export LD_PRELOAD="$lib" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
    return 0
  done
}

as_spark() { # drop root, as the official image does
  if [ "$(id -u)" = 0 ]; then echo gosu spark; fi
}

: "${JAVA_HOME:=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
classpath="${SPARK_CLASSPATH:+$SPARK_CLASSPATH:}$SPARK_HOME/jars/*${SPARK_EXTRA_CLASSPATH:+:$SPARK_EXTRA_CLASSPATH}"
if [ -n "${HADOOP_CONF_DIR+x}" ]; then classpath="$HADOOP_CONF_DIR:$classpath"; fi
classpath="${SPARK_CONF_DIR:-$SPARK_HOME/conf}:$classpath:$PWD"
java_opts=()
for v in "${!SPARK_JAVA_OPT_@}"; do java_opts+=("${!v}"); done

case "${1:-}" in
  driver)
    shift
    ensure_passwd_entry
    exec $(as_spark) /usr/bin/tini -s -- "$SPARK_HOME/bin/spark-submit" \
      --conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    ensure_passwd_entry
    exec $(as_spark) /usr/bin/tini -s -- "$JAVA_HOME/bin/java" "${java_opts[@]}" \
      -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$classpath${SPARK_DIST_CLASSPATH:+:$SPARK_DIST_CLASSPATH}" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  *)
    ensure_passwd_entry
    exec "$@"
    ;;
esac
