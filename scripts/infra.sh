#!/usr/bin/env bash
# Local infrastructure without Docker, on loopback:
#   Apache Kafka (KRaft, one node), FerretDB (MongoDB wire protocol on SQLite), Dovecot (IMAP).
# Usage: scripts/infra.sh up|down|reset|status|env
# Ports and the state dir come from the environment (see scripts/infra-env.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$REPO_ROOT/scripts/infra-env.sh"

LOGS="$STATE_DIR/logs"
PIDS="$STATE_DIR/pids"
mkdir -p "$LOGS" "$PIDS"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid" || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# Refuse a port that something other than our own instance holds.
claim_port() {
  local port=$1 var=$2
  port_open "$port" && die "port $port is taken by another program — set $var to a free port"
  return 0
}

wait_until() {
  local what=$1 timeout=$2 log=$3; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "threadline: $what did not come up within ${timeout}s; last lines of $log:" >&2
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    sleep 0.3
  done
}

start_kafka() {
  alive kafka && return 0
  claim_port "$KAFKA_PORT" KAFKA_PORT
  claim_port "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
  local dir="$STATE_DIR/kafka" cp
  mkdir -p "$dir/data"
  cp=$(cat "$KAFKA_CLASSPATH_FILE")
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$dir/data#g" \
    "$REPO_ROOT/infra/kafka/server.properties.template" > "$dir/server.properties"
  local jvm=(-Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$REPO_ROOT/infra/kafka/log4j.properties" "-Dkafka.logs.dir=$LOGS")
  if [ ! -f "$dir/data/meta.properties" ]; then
    [ -f "$dir/cluster-id" ] || java -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.out" | tail -n 1 > "$dir/cluster-id"
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$(cat "$dir/cluster-id")" \
      -c "$dir/server.properties" --ignore-formatted >>"$LOGS/kafka.out" 2>&1 || die "formatting Kafka storage failed (see $LOGS/kafka.out)"
  fi
  : > "$LOGS/kafka.log"
  setsid java "${jvm[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" >>"$LOGS/kafka.out" 2>&1 < /dev/null &
  echo $! > "$PIDS/kafka.pid"
  wait_until "Kafka" 120 "$LOGS/kafka.log" kafka_ready
}
kafka_ready() { alive kafka || { tail -n 20 "$LOGS/kafka.out" >&2; die "Kafka exited during start"; }; grep -q 'Kafka Server started' "$LOGS/kafka.log" && port_open "$KAFKA_PORT"; }

start_ferretdb() {
  alive ferretdb && return 0
  claim_port "$MONGO_PORT" MONGO_PORT
  setsid "$FERRETDB_BIN" -listen "127.0.0.1:$MONGO_PORT" -data "$STATE_DIR/ferretdb" -log-level warn \
    >>"$LOGS/ferretdb.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/ferretdb.pid"
  wait_until "FerretDB" 60 "$LOGS/ferretdb.log" ferretdb_ready
}
ferretdb_ready() { alive ferretdb || die "FerretDB exited during start (see $LOGS/ferretdb.log)"; port_open "$MONGO_PORT"; }

dovecot_conf() { echo "$STATE_DIR/dovecot/dovecot.conf"; }
start_dovecot() {
  alive dovecot && return 0
  claim_port "$IMAP_PORT" IMAP_PORT
  local dir="$STATE_DIR/dovecot" uid gid
  uid=$(id -u "$MAIL_USER") gid=$(id -g "$MAIL_USER")
  mkdir -p "$dir/run" "$dir/state" "$MAIL_DIR"
  chown "$MAIL_USER:$MAIL_USER" "$MAIL_DIR"
  sed -e "s#@STATE@#$dir#g" -e "s#@IMAP_PORT@#$IMAP_PORT#g" -e "s#@UID@#$uid#g" -e "s#@GID@#$gid#g" \
    -e "s#@PASSWORD@#$IMAP_PASSWORD#g" -e "s#@MAIL_DIR@#$MAIL_DIR#g" "$REPO_ROOT/infra/dovecot/dovecot.conf.template" > "$(dovecot_conf)"
  rm -f "$dir/run/master.pid"
  dovecot -c "$(dovecot_conf)" >>"$LOGS/dovecot.out" 2>&1 || { tail -n 20 "$LOGS/dovecot.out" >&2; die "Dovecot did not start"; }
  # Dovecot daemonises; its master writes the pid file a moment later.
  wait_until "Dovecot's pid file" 10 "$LOGS/dovecot.out" test -s "$dir/run/master.pid"
  cp "$dir/run/master.pid" "$PIDS/dovecot.pid"
  wait_until "Dovecot" 30 "$dir/dovecot.log" imap_ready
}
imap_ready() { exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT" 2>/dev/null || return 1; local banner; read -r -t 2 banner <&3 || true; exec 3<&-; [[ "$banner" == "* OK"* ]]; }

stop_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    # Children (Dovecot's log and auth processes, say) may outlive their parent for a moment.
    for _ in $(seq 1 50); do ps -o stat= -g "$pid" 2>/dev/null | grep -qv '^Z' || break; sleep 0.1; done
  fi
  rm -f "$PIDS/$name.pid"
}

stop_dovecot() {
  # Dovecot's own stop reads its own pid file, so a lost copy of ours cannot leave it running.
  [ -f "$(dovecot_conf)" ] && dovecot -c "$(dovecot_conf)" stop >/dev/null 2>&1 || true
  stop_one dovecot
}

case "${1:-}" in
  up)
    bash "$REPO_ROOT/scripts/install-system-deps.sh"
    step "starting infrastructure in $STATE_DIR"
    start_ferretdb & f=$!
    start_dovecot
    start_kafka
    wait $f
    echo "    Kafka 127.0.0.1:$KAFKA_PORT · FerretDB 127.0.0.1:$MONGO_PORT · IMAP 127.0.0.1:$IMAP_PORT · logs $LOGS"
    ;;
  down)
    stop_one kafka; stop_one ferretdb; stop_dovecot
    ;;
  reset)
    # Stop, then delete this instance's data (messages, topics, documents, mailboxes).
    stop_one kafka; stop_one ferretdb; stop_dovecot
    rm -rf "$STATE_DIR/kafka" "$STATE_DIR/ferretdb" "$STATE_DIR/dovecot" "$MAIL_DIR"
    ;;
  status)
    rc=0
    for name in kafka ferretdb dovecot; do
      if alive "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; rc=1; fi
    done
    exit $rc
    ;;
  env)
    echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
    echo "export MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/"
    echo "export IMAP_HOST=127.0.0.1"
    echo "export IMAP_PORT=$IMAP_PORT"
    echo "export IMAP_PASSWORD=$IMAP_PASSWORD"
    ;;
  *)
    echo "usage: scripts/infra.sh up|down|reset|status|env" >&2
    exit 2
    ;;
esac
