#!/usr/bin/env bash
# Local infrastructure without Docker, on loopback only:
#   kafka     Apache Kafka 3.9.1, KRaft, one node (broker + controller), jars from Maven Central
#   postgres  PostgreSQL (Debian's package), a private cluster tuned for FerretDB (infra/postgres)
#   ferretdb  FerretDB 1.24.2 (MongoDB wire protocol on that PostgreSQL), embedded in infra/ferretdb
#   dovecot   a private Dovecot (IMAP): any user name logs in with IMAP_PASSWORD
#   postfix   a private Postfix (SMTP from loopback) delivering every mail into Dovecot over LMTP
#
# Usage: scripts/infra.sh up|down|status|env|reset
#   up      install/build what is missing, start what is not running, wait until each answers
#           (a no-op when all are up); refuses ports that another program holds
#   down    stop this instance; nothing of it is left running
#   status  each component: running, and answering? (exit 0 only when all answer)
#   env     export lines for the clients:  eval "$(scripts/infra.sh env)"
#   reset   down, then delete this instance's data (topics, documents, mailboxes)
# A state dir that still holds the SQLite store of earlier versions is copied into PostgreSQL by
# the first `up` (every collection checked by count and checksum) and then set aside.
#
# Environment (defaults): THREADLINE_STATE_DIR (.local/infra) for data, logs, pids and configs;
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017), POSTGRES_PORT (MONGO_PORT + 1), IMAP_PORT (1143),
# SMTP_PORT (1025), LMTP_PORT (1024), IMAP_PASSWORD (threadline). Instances with other ports and state dirs run side by side.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "$0")/../infra/lib.sh"

KAFKA_DIR="$STATE_DIR/kafka"
SQLITE_STORE_DIR="$STATE_DIR/ferretdb" # the store of earlier versions (SQLite files), migrated on `up`
SQLITE_STORE_MIGRATED="$STATE_DIR/ferretdb-sqlite.migrated"
DOVECOT_DIR="$STATE_DIR/dovecot"
DOVECOT_CONF="$DOVECOT_DIR/dovecot.conf"
POSTFIX_CONF_DIR="$STATE_DIR/postfix"
COMPONENTS=(kafka postgres ferretdb dovecot postfix)
KAFKA_TIMEOUT=120 POSTGRES_TIMEOUT=60 FERRETDB_TIMEOUT=30 DOVECOT_TIMEOUT=30 POSTFIX_TIMEOUT=30

# --- processes --------------------------------------------------------------------------------
pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }
# The port this state dir's component was started with (its settings file), else the one asked for now:
# `down` with another instance's ports in the environment must not find that instance's server.
recorded_port() {
  local settings
  settings=$(cat "$PIDS/$1.settings" 2>/dev/null || true)
  if [[ " $settings" =~ \ $2=([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo "${!2}"; fi
}
# Part of the command line that only this instance's process has: a pid file left by a crash
# may name a pid that the system has since given to another program.
marker() {
  case $1 in
    kafka) echo " $KAFKA_DIR/server.properties " ;;
    postgres) echo " -D $POSTGRES_DATA_DIR " ;;
    ferretdb) echo " -listen 127.0.0.1:$(recorded_port ferretdb MONGO_PORT) -postgresql-url " ;;
    dovecot) echo " -c $DOVECOT_CONF " ;;
    postfix) echo " -c $POSTFIX_CONF_DIR " ;;
  esac
}
# What only this state dir's instance has on its command line, to adopt it without a pid file:
# FerretDB's port alone is not that (another checkout's platform may listen on the same default,
# and adopting it would stop it on `down`), so its PostgreSQL connection names the instance.
instance_marker() {
  case $1 in
    ferretdb) echo "&application_name=threadline-$INSTANCE_HASH " ;;
    *) marker "$1" ;;
  esac
}
alive() {
  local pid cmd
  pid=$(pid_of "$1")
  if [ -n "$pid" ] && cmd=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") && [[ " $cmd" == *"$(marker "$1")"* ]]; then
    return 0
  fi
  # The pid file is lost or stale, but the server may still run (say the state dir was
  # deleted under it): find its group leader by the command line, and adopt it.
  pid=$(ps -eww -o pid=,pgid=,args= | awk -v m="$(instance_marker "$1")" '
    { pid = $1; pgid = $2; sub(/^ *[0-9]+ +[0-9]+ /, "") }
    pid == pgid && index(" " $0 " ", m) { print pid; exit }')
  [ -n "$pid" ] || return 1
  mkdir -p "$PIDS" && echo "$pid" > "$PIDS/$1.pid"
}
# Members of a process group that have not exited (each server is started as a group leader).
group_alive() { ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }
# Start a server in its own session and process group; fds 8 and 9 (our locks) stay with us.
launch() {
  local name=$1 log=$2; shift 2
  setsid "$@" >>"$log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! > "$PIDS/$name.pid"
  settings_of "$name" > "$PIDS/$name.settings"
  STARTED+=("$name")
}
STARTED=()

# --- ports ------------------------------------------------------------------------------------
port_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }
port_vars() {
  case $1 in
    kafka) echo KAFKA_PORT KAFKA_CONTROLLER_PORT ;;
    postgres) echo POSTGRES_PORT ;;
    ferretdb) echo MONGO_PORT ;;
    dovecot) echo IMAP_PORT LMTP_PORT ;;
    postfix) echo SMTP_PORT ;;
  esac
}
settings_of() {
  local var
  for var in $(port_vars "$1"); do printf '%s=%s ' "$var" "${!var}"; done
  [ "$1" != dovecot ] || printf 'IMAP_PASSWORD=%s ' "$IMAP_PASSWORD"
  [ "$1" != postfix ] || printf 'LMTP_PORT=%s ' "$LMTP_PORT"
  echo
}
# Before anything starts: our running components must have the settings asked for now,
# and the ports of the others must be free.
preflight() {
  local name var
  for name in "${COMPONENTS[@]}"; do
    if alive "$name"; then
      [ -f "$PIDS/$name.settings" ] || die "$name of $STATE_DIR is running, but not from its pid file — run scripts/infra.sh down first"
      [ "$(cat "$PIDS/$name.settings")" = "$(settings_of "$name")" ] ||
        die "$name of $STATE_DIR is running with $(cat "$PIDS/$name.settings")— run scripts/infra.sh down first to change that"
    else
      for var in $(port_vars "$name"); do
        ! port_open "${!var}" ||
          die "port ${!var} ($name) is already in use by another program — set $var to a free port or stop that program"
      done
    fi
  done
}

# --- Kafka --------------------------------------------------------------------------------------
# The heap starts small and grows up to 512 MB under load: an idle broker holds a fraction of that,
# and a large -Xms kept all of it resident (issue 12: the whole stack idle in 2.5 GB).
KAFKA_JVM=(-Xms32m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$INFRA_ROOT/kafka/log4j.properties" "-Dkafka.logs.dir=$LOGS")
# A KRaft cluster id: 16 random bytes, base64url without padding, not starting with '-'.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ "$id" == -* ]] || { echo "$id"; return; }
  done
}
start_kafka() {
  mkdir -p "$KAFKA_DIR/data"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$KAFKA_DIR/data#g" \
    "$INFRA_ROOT/kafka/server.properties.template" > "$KAFKA_DIR/server.properties"
  for f in kafka.log kafka.out; do [ ! -f "$LOGS/$f" ] || mv -f "$LOGS/$f" "$LOGS/$f.prev"; done
  local cp
  cp=$(cat "$KAFKA_CLASSPATH_FILE")
  # Storage is formatted once, with a cluster id kept in the state dir; later starts reuse it.
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    [ -s "$KAFKA_DIR/cluster-id" ] || new_cluster_id > "$KAFKA_DIR/cluster-id"
    java "${KAFKA_JVM[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$(cat "$KAFKA_DIR/cluster-id")" \
      -c "$KAFKA_DIR/server.properties" --ignore-formatted >>"$LOGS/kafka.out" 2>&1 </dev/null 9>&- ||
      fail_start kafka "could not format its storage" "$LOGS/kafka.out"
  fi
  launch kafka "$LOGS/kafka.out" java "${KAFKA_JVM[@]}" $(kafka_class_archive) -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
}
# Kafka's classes, archived by the JVM (class-data sharing): loading and verifying them took most of
# a warm start (20 s → 6 s under load). The first broker that stops cleanly without an archive for
# this classpath and JDK writes one at exit; it is published once into the shared tools dir and
# every later start of any instance maps it.
kafka_class_archive_stamp() { { cat "$KAFKA_CLASSPATH_FILE"; java -version 2>&1; } | sha256sum | cut -c1-16; }
KAFKA_CLASS_ARCHIVE_OWN="$KAFKA_DIR/classes.jsa"
kafka_class_archive() {
  local shared
  shared="$TOOLS_DIR/kafka-classes-$(kafka_class_archive_stamp).jsa"
  if [ -s "$shared" ]; then
    echo "-XX:SharedArchiveFile=$shared"
  else
    rm -f "$KAFKA_CLASS_ARCHIVE_OWN" && echo "-XX:ArchiveClassesAtExit=$KAFKA_CLASS_ARCHIVE_OWN"
  fi
}
# After a clean stop: the archive its JVM wrote, published unless another instance was first.
publish_kafka_class_archive() {
  [ -s "$KAFKA_CLASS_ARCHIVE_OWN" ] || return 0
  local shared
  shared="$TOOLS_DIR/kafka-classes-$(kafka_class_archive_stamp).jsa"
  [ -s "$shared" ] || { cp "$KAFKA_CLASS_ARCHIVE_OWN" "$shared.$$" && mv -f "$shared.$$" "$shared"; } || rm -f "$shared.$$"
  rm -f "$KAFKA_CLASS_ARCHIVE_OWN"
}
kafka_ready() { grep -q 'Kafka Server started' "$LOGS/kafka.log" 2>/dev/null && port_open "$KAFKA_PORT"; }
kafka_answers() { port_open "$KAFKA_PORT"; }

# --- PostgreSQL ----------------------------------------------------------------------------------
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
pg() { PGPASSWORD="$POSTGRES_PASSWORD" PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
# After a crash (SIGKILL) the old server's processes must be gone before a new one opens the same
# data. Its postmaster may linger as a zombie until init reaps it, which PostgreSQL takes for a
# running server; once nothing else of its process group runs, its lock file is stale.
clear_crashed_postgres() {
  local old lock_pid deadline=$((SECONDS + 30))
  old=$(pid_of postgres)
  [ -n "$old" ] || return 0
  while group_alive "$old" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  ! group_alive "$old" || die "the previous PostgreSQL (process group $old) is still running; stop it first"
  lock_pid=$(head -n 1 "$POSTGRES_DATA_DIR/postmaster.pid" 2>/dev/null || true)
  [ "$lock_pid" != "$old" ] || rm -f "$POSTGRES_DATA_DIR/postmaster.pid"
}
start_postgres() {
  [ -n "$POSTGRES_BIN" ] || die "PostgreSQL's binaries are not in /usr/lib/postgresql/*/bin — run scripts/install-system-deps.sh"
  clear_crashed_postgres
  if [ ! -f "$POSTGRES_DATA_DIR/PG_VERSION" ]; then
    # A cluster of our own: UTF-8 with the C.UTF-8 locale (FerretDB accepts only C or en_US
    # locales), a password for TCP from loopback, no Unix socket.
    rm -rf "$POSTGRES_DATA_DIR" && mkdir -p "$POSTGRES_DATA_DIR"
    chmod 755 "$(dirname "$POSTGRES_DATA_DIR")" && chown postgres:postgres "$POSTGRES_DATA_DIR" && chmod 700 "$POSTGRES_DATA_DIR"
    local pwfile
    pwfile=$(mktemp) && printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile" && chown postgres "$pwfile"
    as_postgres "$POSTGRES_BIN/initdb" -D "$POSTGRES_DATA_DIR" -U postgres -A scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale=C.UTF-8 >>"$LOGS/postgres.log" 2>&1 </dev/null 9>&- || { rm -f "$pwfile"; fail_start postgres "could not create its cluster (initdb)" "$LOGS/postgres.log"; }
    rm -f "$pwfile"
  fi
  # Connections: each FerretDB pools up to 32 (its pool_max_conns), and psql for tuning. Statistics
  # kept fresh early (autovacuum every 10 s, analyze after 2% changed): the planner picks between
  # the GIN twins of a filter's fields by them, and a bulk load otherwise leaves it guessing.
  launch postgres "$LOGS/postgres.log" setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$POSTGRES_BIN/postgres" -D "$POSTGRES_DATA_DIR" -p "$POSTGRES_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories= -c max_connections=100 -c shared_buffers=256MB -c log_min_messages=warning \
    -c autovacuum_naptime=10s -c autovacuum_analyze_scale_factor=0.02 -c autovacuum_vacuum_scale_factor=0.05
}
postgres_ready() { pg_isready -q -h 127.0.0.1 -p "$POSTGRES_PORT" -t 2 && pg -d postgres -c 'SELECT 1' >/dev/null 2>&1; }
postgres_answers() { postgres_ready; }
# The database FerretDB keeps every MongoDB database in (one schema each), and its tuning.
tune_postgres() {
  {
    pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1 ||
      pg -d postgres -c 'CREATE DATABASE ferretdb'
    pg -d ferretdb -f "$INFRA_ROOT/postgres/tuning.sql"
  } >>"$LOGS/postgres-tuning.log" 2>&1 || fail_start postgres "did not take infra/postgres/tuning.sql" "$LOGS/postgres-tuning.log"
}

# --- FerretDB ------------------------------------------------------------------------------------
# Its pool closes a connection idle for 30 s (not 30 min): each is a PostgreSQL backend holding
# memory, and an idle platform needs few.
start_ferretdb() {
  # GOGC: FerretDB's live heap is a few MB; collecting at 4x it instead of 2x halves its GC work (infra/README.md).
  GOGC=300 launch ferretdb "$LOGS/ferretdb.log" "$FERRETDB_BIN" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://postgres:$POSTGRES_PASSWORD@127.0.0.1:$POSTGRES_PORT/ferretdb?pool_max_conns=32&pool_max_conn_idle_time=30s&pool_health_check_period=10s&application_name=threadline-$INSTANCE_HASH" \
    -log-level "${FERRETDB_LOG_LEVEL:-info}"
}
# The SQLite store of earlier versions: copied into PostgreSQL, checked, then set aside (kept).
migrate_sqlite_store() {
  compgen -G "$SQLITE_STORE_DIR/*.sqlite" >/dev/null || return 0
  step "copying the SQLite store of $SQLITE_STORE_DIR into PostgreSQL (once)"
  "$FERRETDB_BIN" -migrate-sqlite "$SQLITE_STORE_DIR" -to "127.0.0.1:$MONGO_PORT" -log-level warn >>"$LOGS/migration.log" 2>&1 ||
    fail_start ferretdb "could not copy the SQLite store (its files are kept in $SQLITE_STORE_DIR)" "$LOGS/migration.log"
  tail -n 1 "$LOGS/migration.log" | sed 's/^/    /'
  rm -rf "$SQLITE_STORE_MIGRATED" && mv "$SQLITE_STORE_DIR" "$SQLITE_STORE_MIGRATED"
  echo "    the SQLite files are kept in $SQLITE_STORE_MIGRATED (delete them when you no longer need them)"
}
# A real MongoDB `ping` command, sent by our binary's client mode.
ferretdb_ready() { "$FERRETDB_BIN" -ping "127.0.0.1:$MONGO_PORT" -timeout 2s >/dev/null 2>&1; }
ferretdb_answers() { ferretdb_ready; }

# --- Dovecot --------------------------------------------------------------------------------------
# Its sockets live in base_dir: inside the state dir, unless the mail user cannot reach that
# (a private checkout) or the path is too long for a socket name; then under /run.
dovecot_base_dir() {
  local dir="$DOVECOT_DIR/run"
  if [ ${#dir} -gt 80 ] || ! runuser -u "$MAIL_USER" -- test -x "$DOVECOT_DIR" 2>/dev/null; then
    dir="/run/threadline-dovecot/$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-16)"
  fi
  echo "$dir"
}
start_dovecot() {
  local uid gid
  uid=$(id -u "$MAIL_USER") gid=$(id -g "$MAIL_USER")
  mkdir -p "$DOVECOT_DIR/state" "$MAIL_DIR"
  chmod 755 "$DOVECOT_DIR" "$(dirname "$MAIL_DIR")"
  # (-R when the mail user was created anew with another uid, on a machine that kept the Maildirs)
  [ "$(stat -c %u:%g "$MAIL_DIR")" = "$uid:$gid" ] || chown -R "$uid:$gid" "$MAIL_DIR"
  chmod 750 "$MAIL_DIR"
  local base_dir
  base_dir=$(dovecot_base_dir)
  mkdir -p "$(dirname "$base_dir")"
  sed -e "s#@STATE@#$DOVECOT_DIR#g" -e "s#@BASE_DIR@#$base_dir#g" -e "s#@LOG@#$LOGS/dovecot.log#g" \
    -e "s#@IMAP_PORT@#$IMAP_PORT#g" -e "s#@LMTP_PORT@#$LMTP_PORT#g" -e "s#@UID@#$uid#g" -e "s#@GID@#$gid#g" -e "s#@MAIL_USER@#$MAIL_USER#g" \
    -e "s#@PASSWORD@#$IMAP_PASSWORD#g" -e "s#@MAIL_DIR@#$MAIL_DIR#g" \
    "$INFRA_ROOT/dovecot/dovecot.conf.template" > "$DOVECOT_CONF"
  # -F: the master stays in the foreground (as our group leader) instead of daemonising.
  launch dovecot "$LOGS/dovecot.out" /usr/sbin/dovecot -F -c "$DOVECOT_CONF"
}
dovecot_ready() {
  local banner
  banner=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    IFS= read -r -t 2 line <&3; echo "$line"; printf "a LOGOUT\r\n" >&3; cat <&3 >/dev/null' "$IMAP_PORT" 2>/dev/null) || return 1
  [[ "$banner" == "* OK"* ]]
}
dovecot_answers() { dovecot_ready; }

# --- Postfix --------------------------------------------------------------------------------------
start_postfix() {
  mkdir -p "$POSTFIX_CONF_DIR" "$POSTFIX_QUEUE_DIR" "$POSTFIX_DATA_DIR"
  # Its daemons run as user postfix: they must reach the queue (set up by `check`) and own the data dir.
  chmod 755 "$(dirname "$POSTFIX_QUEUE_DIR")" "$(dirname "$POSTFIX_DATA_DIR")"
  chown postfix "$POSTFIX_DATA_DIR"
  local file
  for file in main.cf master.cf; do
    sed -e "s#@CONF_DIR@#$POSTFIX_CONF_DIR#g" -e "s#@QUEUE_DIR@#$POSTFIX_QUEUE_DIR#g" -e "s#@DATA_DIR@#$POSTFIX_DATA_DIR#g" \
      -e "s#@LOG@#$LOGS/postfix.log#g" -e "s#@LOG_DIR@#$LOGS#g" -e "s#@SMTP_PORT@#$SMTP_PORT#g" -e "s#@LMTP_PORT@#$LMTP_PORT#g" \
      "$INFRA_ROOT/postfix/$file.template" > "$POSTFIX_CONF_DIR/$file"
  done
  # `check` creates the queue directories with Postfix's own owners and modes.
  /usr/sbin/postfix -c "$POSTFIX_CONF_DIR" check >>"$LOGS/postfix.out" 2>&1 </dev/null 9>&- ||
    fail_start postfix "rejected its configuration" "$LOGS/postfix.out" "$LOGS/postfix.log"
  # The master itself, in the foreground (-d: no detaching, so it stays our group leader and keeps
  # "-c DIR" on its command line); `postfix start-fg` would hide it behind a shell script.
  launch postfix "$LOGS/postfix.out" /usr/lib/postfix/sbin/master -d -c "$POSTFIX_CONF_DIR"
}
postfix_ready() {
  local banner
  banner=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    IFS= read -r -t 2 line <&3; echo "$line"; printf "QUIT\r\n" >&3; cat <&3 >/dev/null' "$SMTP_PORT" 2>/dev/null) || return 1
  [[ "$banner" == "220 "* ]]
}
postfix_answers() { postfix_ready; }

# --- start, wait, stop -------------------------------------------------------------------------------
fail_start() {
  local failed=$1 why=$2 name log; shift 2
  # All or nothing: what this `up` started stops again (what ran before stays).
  for name in "$failed" "${STARTED[@]}"; do stop_signal "$name"; done
  for name in "$failed" "${STARTED[@]}"; do stop_wait "$name"; done
  echo "threadline: $failed $why; see $*" >&2
  for log in "$@"; do
    [ ! -s "$log" ] || { echo "--- last lines of $log:" >&2; tail -n 20 "$log" >&2; }
  done
  exit 1
}
# Wait until a component answers: `${name}_ready` after a start, `${name}_answers` otherwise.
await() {
  local name=$1 check=$2 timeout=$3 deadline=$((SECONDS + $3)); shift 3
  until "$check"; do
    alive "$name" || fail_start "$name" "exited during start" "$@"
    if [ "$SECONDS" -ge "$deadline" ]; then
      [ "$check" = "${name}_ready" ] || die "$name is running but does not answer; see $* (scripts/infra.sh down, then up)"
      fail_start "$name" "did not answer within ${timeout}s" "$@"
    fi
    sleep 0.25
  done
}
# SIGTERM to the group leader (it stops its children), wait for the group; SIGKILL what is left.
declare -A STOPPING=()
stop_signal() {
  if alive "$1"; then
    STOPPING[$1]=$(pid_of "$1")
    # PostgreSQL's SIGTERM waits for its clients to leave; SIGINT is its fast (still clean) shutdown.
    local signal=TERM
    [ "$1" != postgres ] || signal=INT
    kill -"$signal" "${STOPPING[$1]}" 2>/dev/null || true
  elif [ "$1" = dovecot ] && [ -f "$DOVECOT_CONF" ]; then
    /usr/sbin/dovecot -c "$DOVECOT_CONF" stop >/dev/null 2>&1 || true # its own pid file, if ours is lost
  elif [ "$1" = postfix ] && [ -f "$POSTFIX_CONF_DIR/main.cf" ]; then
    /usr/sbin/postfix -c "$POSTFIX_CONF_DIR" stop >/dev/null 2>&1 || true # likewise
  fi
}
stop_wait() {
  local pid=${STOPPING[$1]:-}
  if [ -n "$pid" ]; then
    local deadline=$((SECONDS + 30))
    while group_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if group_alive "$pid"; then
      echo "threadline: $1 did not stop within 30 s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
      while group_alive "$pid"; do sleep 0.1; done
      [ "$1" != kafka ] || rm -f "$KAFKA_CLASS_ARCHIVE_OWN" # cut short while writing it
    fi
    [ "$1" != kafka ] || publish_kafka_class_archive
  fi
  rm -f "$PIDS/$1.pid" "$PIDS/$1.settings"
}
stop() { stop_signal "$1"; stop_wait "$1"; }
stop_all() {
  local name
  for name in "${COMPONENTS[@]}"; do stop_signal "$name"; done
  for name in "${COMPONENTS[@]}"; do stop_wait "$name"; done
}

lock() {
  mkdir -p "$LOGS" "$PIDS"
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "another scripts/infra.sh has held $STATE_DIR/.lock for 10 minutes"
}

up() {
  local started=$SECONDS name todo=()
  lock
  bash "$REPO_ROOT/scripts/install-system-deps.sh"
  preflight
  for name in "${COMPONENTS[@]}"; do alive "$name" || todo+=("$name"); done
  if [ ${#todo[@]} -gt 0 ]; then
    step "starting ${todo[*]} in $STATE_DIR"
    # Kafka last: formatting its storage (first start only) overlaps the others' start.
    # FerretDB waits for PostgreSQL and its tuning.
    for name in postgres dovecot postfix kafka; do [[ " ${todo[*]} " != *" $name "* ]] || "start_$name"; done
  fi
  for name in postgres ferretdb dovecot postfix kafka; do
    local check=${name}_answers
    [[ " ${todo[*]} " != *" $name "* ]] || check=${name}_ready
    case $name in
      postgres)
        await postgres "$check" "$POSTGRES_TIMEOUT" "$LOGS/postgres.log"
        tune_postgres
        ;;
      ferretdb)
        [[ " ${todo[*]} " != *" ferretdb "* ]] || start_ferretdb
        await ferretdb "$check" "$FERRETDB_TIMEOUT" "$LOGS/ferretdb.log"
        migrate_sqlite_store
        ;;
      dovecot) await dovecot "$check" "$DOVECOT_TIMEOUT" "$LOGS/dovecot.out" "$LOGS/dovecot.log" ;;
      postfix) await postfix "$check" "$POSTFIX_TIMEOUT" "$LOGS/postfix.out" "$LOGS/postfix.log" ;;
      kafka) await kafka "$check" "$KAFKA_TIMEOUT" "$LOGS/kafka.out" "$LOGS/kafka.log" ;;
    esac
  done
  if [ ${#todo[@]} -gt 0 ]; then
    echo "    up in $((SECONDS - started)) s: Kafka 127.0.0.1:$KAFKA_PORT · FerretDB 127.0.0.1:$MONGO_PORT (PostgreSQL $POSTGRES_PORT) · IMAP 127.0.0.1:$IMAP_PORT · SMTP 127.0.0.1:$SMTP_PORT · logs $LOGS"
  else
    echo "==> already up in $STATE_DIR: Kafka 127.0.0.1:$KAFKA_PORT · FerretDB 127.0.0.1:$MONGO_PORT · IMAP 127.0.0.1:$IMAP_PORT · SMTP 127.0.0.1:$SMTP_PORT"
  fi
}

status() {
  local name rc=0 where var
  for name in "${COMPONENTS[@]}"; do
    var=$(port_vars "$name"); var=${var%% *}; where="127.0.0.1:${!var}"
    if alive "$name"; then
      if "${name}_answers"; then
        echo "$name: running (pid $(pid_of "$name")), answers on $where"
      else
        echo "$name: running (pid $(pid_of "$name")), NOT answering on $where"; rc=1
      fi
    elif port_open "${!var}"; then
      echo "$name: stopped; port ${!var} is held by another program"; rc=1
    else
      echo "$name: stopped"; rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) lock; stop_all ;;
  reset)
    lock; stop_all
    base_dir=$(sed -n 's/^base_dir = //p' "$DOVECOT_CONF" 2>/dev/null || true)
    [[ "$base_dir" != /run/threadline-dovecot/* ]] || rm -rf "$base_dir"
    rm -rf "$KAFKA_DIR" "$SQLITE_STORE_DIR" "$SQLITE_STORE_MIGRATED" "$POSTGRES_DATA_DIR" "$DOVECOT_DIR" "$MAIL_DIR" "$POSTFIX_CONF_DIR" "$POSTFIX_QUEUE_DIR" "$POSTFIX_DATA_DIR"
    ;;
  status) status ;;
  env)
    echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
    echo "export MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/"
    echo "export FERRETDB_BIN=$FERRETDB_BIN"
    echo "export POSTGRES_URL=postgres://postgres:$POSTGRES_PASSWORD@127.0.0.1:$POSTGRES_PORT/ferretdb"
    echo "export IMAP_HOST=127.0.0.1"
    echo "export IMAP_PORT=$IMAP_PORT"
    echo "export IMAP_PASSWORD=$IMAP_PASSWORD"
    echo "export SMTP_HOST=127.0.0.1"
    echo "export SMTP_PORT=$SMTP_PORT"
    ;;
  *)
    echo "usage: scripts/infra.sh up|down|status|env|reset" >&2
    exit 2
    ;;
esac
