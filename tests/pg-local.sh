#!/usr/bin/env bash
# pg-local.sh - throwaway local PostgreSQL cluster for tests.
#
#   pg-local.sh start DIR   -> prints ONE line on stdout: jdbc:postgresql://127.0.0.1:PORT/lakeshore
#   pg-local.sh stop DIR    -> stops the cluster started in DIR (idempotent)
#   pg-local.sh status DIR  -> exit 0 if running (prints the JDBC URL), 3 otherwise
#
# start: installs the Debian "postgresql" package if no server binaries are found (root only,
# noninteractive, without starting the distro's own cluster service), then creates a FRESH cluster
# in DIR/data (any previous one there is stopped and wiped), listening on 127.0.0.1 only, on a free
# port, with the unix socket in DIR/sock. Postgres refuses to run as root, so when run as root the
# server runs as the "postgres" system user (or "nobody" if that user is missing); otherwise as the
# current user. (Override the user with PG_LOCAL_RUN_USER.)
#
# Credentials: user lakeshore / password lakeshore (bootstrap superuser), database lakeshore.
# Host (TCP) connections use scram-sha-256, local socket connections use trust.
# Override with env PG_LOCAL_USER, PG_LOCAL_PASSWORD, PG_LOCAL_DB. PG_LOCAL_PORT = preferred port
# (tried first; if busy, a free one is picked).
#
# Files written in DIR: port, jdbc-url, pg.env (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE),
# postgres.log, data/ (cluster), sock/ (unix socket). If the unprivileged user cannot reach DIR
# (e.g. DIR below /root, mode 700) or DIR's path is too long for a unix socket, the cluster lives in
# a mktemp dir under /tmp instead; DIR/base then records that path, and stop removes it.
#
# Does not rely on PATH for the PostgreSQL binaries: uses /usr/lib/postgresql/<newest>/bin
# (override with PG_LOCAL_BINDIR).

set -euo pipefail

# Everything goes to stderr; only the final URL goes to the original stdout (fd 3).
exec 3>&1 1>&2

PG_USER="${PG_LOCAL_USER:-lakeshore}"
PG_PASSWORD="${PG_LOCAL_PASSWORD:-lakeshore}"
PG_DB="${PG_LOCAL_DB:-lakeshore}"
INSTALL_LOCK=/tmp/.pg-local-install.lock

log() { echo "pg-local: $*" >&2; }
die() { echo "pg-local: ERROR: $*" >&2; exit 1; }

usage() { echo "usage: $0 {start|stop|status} DIR" >&2; exit 2; }

find_bindir() {
  if [[ -n "${PG_LOCAL_BINDIR:-}" ]]; then
    [[ -x "$PG_LOCAL_BINDIR/initdb" ]] || die "PG_LOCAL_BINDIR=$PG_LOCAL_BINDIR has no initdb"
    echo "$PG_LOCAL_BINDIR"; return 0
  fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then echo "$d"; fi
  done | sort -V | tail -n 1 | grep .   # highest major version; fails if none
}

install_server() {
  [[ $EUID -eq 0 ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql and not root: install package 'postgresql' first"
  command -v apt-get >/dev/null || die "no apt-get; cannot install PostgreSQL"
  (
    # serialize concurrent installers (parallel test forks)
    flock -w 900 9 || die "timeout waiting for install lock $INSTALL_LOCK"
    if find_bindir >/dev/null; then exit 0; fi
    log "installing PostgreSQL server package (apt-get install postgresql) ..."
    export DEBIAN_FRONTEND=noninteractive
    # Keep the package from starting the distro cluster service (policy-rc.d convention,
    # honoured by invoke-rc.d and deb-systemd-invoke). Only if none is present already.
    local created_policy=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      created_policy=1
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    local aptopts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=600
                   -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if ! apt-get install "${aptopts[@]}" postgresql >&2; then
      log "install failed; running apt-get update and retrying"
      apt-get update -q -o DPkg::Lock::Timeout=600 >&2
      apt-get install "${aptopts[@]}" postgresql >&2
    fi
    [[ -n "$created_policy" ]] && rm -f /usr/sbin/policy-rc.d
    # Even if the service was started anyway (e.g. a systemd host without policy-rc.d honouring),
    # it does not matter: it listens on 5432/the system socket dir, we use our own port and dirs.
    exit 0
  ) 9>"$INSTALL_LOCK"
  find_bindir >/dev/null || die "PostgreSQL installation did not provide /usr/lib/postgresql/*/bin/initdb"
}

# --- identity of the server process -----------------------------------------------------------
setup_runas() {
  if [[ $EUID -eq 0 ]]; then
    if [[ -n "${PG_LOCAL_RUN_USER:-}" ]]; then RUN_USER="$PG_LOCAL_RUN_USER"
    elif getent passwd postgres >/dev/null; then RUN_USER=postgres; else RUN_USER=nobody; fi
    RUN_GROUP="$(id -gn "$RUN_USER")"
    RUNAS=(runuser -u "$RUN_USER" --)
    command -v runuser >/dev/null || RUNAS=(setpriv --reuid="$RUN_USER" --regid="$RUN_GROUP" --init-groups --)
  else
    RUN_USER="$(id -un)"; RUN_GROUP="$(id -gn)"
    RUNAS=()
  fi
}

# run a command as the server user, from a directory it can access, with a clean-ish env
as_pg() {
  ( cd / && env -u PGDATA -u PGPORT -u PGHOST -u PGUSER -u PGDATABASE -u PGPASSWORD \
      LC_ALL=C HOME=/tmp "${RUNAS[@]}" "$@" )
}

# Start the server with NO inherited file descriptors above 2. pg_ctl only redirects 0/1/2, so
# anything else (our fd 3 = caller's stdout, harness pipes, ...) would be held open by the
# postmaster for its whole life and callers doing url=$(pg-local.sh start DIR) would never see EOF.
pg_ctl_start() {
  (
    local fd
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [[ "$fd" =~ ^[0-9]+$ ]] && (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    as_pg "$BINDIR/pg_ctl" start "$@" </dev/null
  )
}

# can the server user create things inside directory $1?
pg_can_write() { as_pg test -d "$1" -a -w "$1" -a -x "$1" 2>/dev/null; }

# --- layout -------------------------------------------------------------------------------------
# BASE is where data/, sock/ and postgres.log live: DIR itself, or a /tmp fallback recorded in DIR/base
resolve_base() {
  if [[ -f "$DIR/base" ]]; then BASE="$(cat "$DIR/base")"; else BASE="$DIR"; fi
  DATA="$BASE/data"; SOCK="$BASE/sock"; LOGF="$BASE/postgres.log"
}

is_running() {
  # running = pg_ctl status says so (postmaster.pid with a live pid)
  [[ -f "$DATA/postmaster.pid" ]] || return 1
  as_pg "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

do_stop() {
  resolve_base
  if [[ -d "$DATA" ]]; then
    if is_running; then
      log "stopping cluster in $DATA"
      if ! as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 30 >&2; then
        log "fast shutdown failed; trying immediate"
        as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate -w -t 15 >&2 || true
      fi
    fi
    # last resort: kill a postmaster that is still alive
    if [[ -f "$DATA/postmaster.pid" ]]; then
      local pid; pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
         && [[ "$(readlink -f /proc/$pid/cwd 2>/dev/null)" == "$(readlink -f "$DATA")" ]]; then
        log "killing leftover postmaster $pid"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
      fi
      rm -f "$DATA/postmaster.pid"
    fi
  fi
  if [[ "$BASE" != "$DIR" ]]; then
    case "$BASE" in /tmp/pg-local.*) rm -rf "$BASE" ;; esac
    rm -f "$DIR/base"
  fi
}

pick_port() {
  # Let the kernel pick a free port if python is available, else random + probe.
  local p py
  for py in /usr/bin/python3 python3; do
    if p="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)" \
       && [[ "$p" =~ ^[0-9]+$ ]]; then echo "$p"; return 0; fi
  done
  local i
  for i in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 6<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "could not find a free port"
}

do_start() {
  local t0=$SECONDS
  mkdir -p "$DIR"
  DIR="$(cd "$DIR" && pwd -P)"

  # stop and wipe any previous cluster of this DIR
  do_stop
  rm -rf "$DIR/data" "$DIR/sock" "$DIR/postgres.log" "$DIR/port" "$DIR/jdbc-url" "$DIR/pg.env" "$DIR/base"

  if [[ $EUID -eq 0 ]]; then
    # The unprivileged server user must be able to write DIR.
    chown "$RUN_USER:$RUN_GROUP" "$DIR" || true
    chmod u+rwx "$DIR" || true
  fi
  BASE="$DIR"
  # unix socket path limit is 107 bytes: "$BASE/sock/.s.PGSQL.NNNNN"
  if ! pg_can_write "$DIR" || (( ${#DIR} > 80 )); then
    BASE="$(mktemp -d /tmp/pg-local.XXXXXX)"
    [[ $EUID -eq 0 ]] && chown "$RUN_USER:$RUN_GROUP" "$BASE"
    pg_can_write "$BASE" || die "server user $RUN_USER cannot write $BASE"
    echo "$BASE" > "$DIR/base"
    log "server user $RUN_USER cannot use $DIR (permissions or path length); using $BASE"
  fi
  DATA="$BASE/data"; SOCK="$BASE/sock"; LOGF="$BASE/postgres.log"

  as_pg mkdir -m 755 "$SOCK"
  as_pg touch "$LOGF"

  local pwfile
  pwfile="$(as_pg mktemp "$BASE/.pw.XXXXXX")"
  printf '%s\n' "$PG_PASSWORD" | as_pg tee "$pwfile" >/dev/null
  log "initdb $DATA (user $RUN_USER, bin $BINDIR)"
  if ! as_pg "$BINDIR/initdb" -D "$DATA" -U "$PG_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C --no-sync >>"$LOGF.initdb" 2>&1; then
    cat "$LOGF.initdb" >&2
    as_pg rm -f "$pwfile"
    die "initdb failed"
  fi
  as_pg rm -f "$pwfile"
  rm -f "$LOGF.initdb"

  # Settings: our own include file (rewritten per port attempt), appended to postgresql.conf.
  echo "include = 'pg-local.conf'" | as_pg tee -a "$DATA/postgresql.conf" >/dev/null

  local attempt port ok=""
  for attempt in 1 2 3 4 5; do
    if [[ $attempt -eq 1 && -n "${PG_LOCAL_PORT:-}" ]]; then port="$PG_LOCAL_PORT"; else port="$(pick_port)"; fi
    as_pg tee "$DATA/pg-local.conf" >/dev/null <<EOF
# written by pg-local.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$SOCK'
ssl = off
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
password_encryption = 'scram-sha-256'
EOF
    : | as_pg tee "$LOGF" >/dev/null   # truncate log for this attempt
    if pg_ctl_start -D "$DATA" -l "$LOGF" -w -t 60 -s; then
      ok=1; break
    fi
    if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets|could not create lock file.*\.s\.PGSQL' "$LOGF"; then
      log "port $port busy, retrying"
      as_pg "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate -w >/dev/null 2>&1 || true
      continue
    fi
    cat "$LOGF" >&2
    die "pg_ctl start failed (see $LOGF)"
  done
  [[ -n "$ok" ]] || { cat "$LOGF" >&2; die "could not start postgres on a free port"; }

  # wait until accepting TCP connections
  local i
  for i in $(seq 1 100); do
    if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -t 2; then break; fi
    (( i == 100 )) && { cat "$LOGF" >&2; die "server not ready on 127.0.0.1:$port"; }
    sleep 0.1
  done

  if [[ "$PG_DB" != "postgres" ]]; then
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
      -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres \
      -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >&2 \
      || { cat "$LOGF" >&2; die "could not create database $PG_DB"; }
  fi

  local url="jdbc:postgresql://127.0.0.1:$port/$PG_DB"
  echo "$port" > "$DIR/port"
  echo "$url" > "$DIR/jdbc-url"
  cat > "$DIR/pg.env" <<EOF
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=$PG_USER
PGPASSWORD=$PG_PASSWORD
PGDATABASE=$PG_DB
EOF
  log "ready on 127.0.0.1:$port (data $DATA, log $LOGF) in $((SECONDS - t0))s"
  echo "$url" >&3
}

do_status() {
  resolve_base
  if [[ -d "$DATA" ]] && is_running; then
    [[ -f "$DIR/jdbc-url" ]] && cat "$DIR/jdbc-url" >&3
    return 0
  fi
  return 3
}

# --- main ---------------------------------------------------------------------------------------
[[ $# -eq 2 ]] || usage
CMD="$1"; DIR="$2"
[[ -n "$DIR" ]] || usage

setup_runas
case "$CMD" in
  start)
    BINDIR="$(find_bindir)" || { install_server; BINDIR="$(find_bindir)"; }
    do_start
    ;;
  stop)
    [[ -d "$DIR" ]] || exit 0
    DIR="$(cd "$DIR" && pwd -P)"
    BINDIR="$(find_bindir)" || exit 0   # nothing installed -> nothing can be running
    do_stop
    ;;
  status)
    [[ -d "$DIR" ]] || exit 3
    DIR="$(cd "$DIR" && pwd -P)"
    BINDIR="$(find_bindir)" || exit 3
    do_status
    ;;
  *) usage ;;
esac
