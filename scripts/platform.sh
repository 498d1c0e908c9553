#!/usr/bin/env bash
# The whole platform on this machine, no Docker: infrastructure, the eight
# services, and a demo workspace with an admin login.
# Usage: scripts/platform.sh up|down|status
# Knobs (defaults keep the ports of the README):
#   PLATFORM_PORT_BASE       every port of the platform at base + the last three digits of its default:
#                            services base+000..007, their internal listeners base+100..107, the provider
#                            sandbox base+010..012, Kafka base+092/093, FerretDB base+017, PostgreSQL base+018,
#                            Postfix base+025, Dovecot base+143 (IMAP) and base+024 (LMTP); 1024..65392
#   THREADLINE_PLATFORM_DIR  pids, logs and the demo secrets (.local/platform); when set, the
#                            infrastructure's state goes to <that dir>/infra unless THREADLINE_STATE_DIR says otherwise
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

if [ -n "${THREADLINE_PLATFORM_DIR:-}" ]; then
  mkdir -p "$THREADLINE_PLATFORM_DIR" && RUN_DIR="$(cd "$THREADLINE_PLATFORM_DIR" && pwd)"
  export THREADLINE_STATE_DIR="${THREADLINE_STATE_DIR:-$RUN_DIR/infra}"
else
  RUN_DIR="$REPO_ROOT/.local/platform"
fi
export THREADLINE_PLATFORM_DIR="$RUN_DIR" # the demo scripts read the secrets from there
LOGS="$RUN_DIR/logs"
mkdir -p "$LOGS" "$RUN_DIR/pids"
SECRETS="$RUN_DIR/secrets.env"
SERVICES=(gateway channel-email channel-voice channel-social tickets routing sla reporting)

# A port at the base: the default's last three digits (3104 -> base+104, 27017 -> base+017).
at_base() { if [ -n "${PLATFORM_PORT_BASE:-}" ]; then echo $((PLATFORM_PORT_BASE + $1 % 1000)); else echo "$1"; fi; }
if [ -n "${PLATFORM_PORT_BASE:-}" ]; then
  [[ "$PLATFORM_PORT_BASE" =~ ^[0-9]+$ ]] && [ "$PLATFORM_PORT_BASE" -ge 1024 ] && [ "$PLATFORM_PORT_BASE" -le 65392 ] ||
    die "PLATFORM_PORT_BASE=$PLATFORM_PORT_BASE must be a number from 1024 to 65392 (its ports reach base+143)"
fi
# The infrastructure's ports, also without a base (this script waits on FerretDB's); its own knobs, set explicitly, still win.
export KAFKA_PORT="${KAFKA_PORT:-$(at_base 9092)}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$(at_base 9093)}"
export MONGO_PORT="${MONGO_PORT:-$(at_base 27017)}" IMAP_PORT="${IMAP_PORT:-$(at_base 1143)}"
export SMTP_PORT="${SMTP_PORT:-$(at_base 1025)}" LMTP_PORT="${LMTP_PORT:-$(at_base 1024)}"
SANDBOX_PORTS=("$(at_base 3010)" "$(at_base 3011)" "$(at_base 3012)")

# The services' ports and databases from the catalog, read once (one node start, not one per lookup).
declare -A PORT=() INTERNAL_PORT=() DB=()
load_catalog() {
  eval "$(node -e '
    const base = Number(process.env.PLATFORM_PORT_BASE || 0);
    const at = (p) => (base ? base + (p % 1000) : p);
    for (const s of require("./libs/config/dist/service-catalog.js").SERVICE_CATALOG)
      console.log(`PORT[${s.name}]=${at(s.port)} INTERNAL_PORT[${s.name}]=${at(s.internalPort)} DB[${s.name}]=${s.database}`);
  ')"
}
port_of() { echo "${PORT[$1]}"; }
internal_port_of() { echo "${INTERNAL_PORT[$1]}"; }
db_of() { echo "${DB[$1]}"; }
alive() { local f="$RUN_DIR/pids/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# Demo secrets are generated once per machine and kept out of the repo; a key added
# by a newer release is added to an existing file, the others are kept.
# (A subshell: its umask must not reach the servers started after it.)
ensure_secrets() (
  umask 077
  touch "$SECRETS"
  add_secret JWT_SECRET 'randomBytes(32).toString("base64url")'
  add_secret DEMO_ADMIN_PASSWORD 'randomBytes(9).toString("base64url")'
  add_secret STORE_SECRETS_KEY 'randomBytes(32).toString("base64")'
  add_secret SERVICE_TOKEN_SECRET 'randomBytes(32).toString("base64url")'
  add_secret PERSONAL_DATA_MASTER_KEY 'randomBytes(32).toString("base64")'
  # The demo channels' provider credentials, checked by the local provider sandbox as the real providers would.
  add_secret DEMO_TWILIO_ACCOUNT_SID '"AC" + randomBytes(16).toString("hex")'
  add_secret DEMO_TWILIO_AUTH_TOKEN 'randomBytes(16).toString("hex")'
  add_secret DEMO_TWILIO_API_KEY_SID '"SK" + randomBytes(16).toString("hex")'
  add_secret DEMO_TWILIO_API_KEY_SECRET 'randomBytes(16).toString("hex")'
  add_secret DEMO_MESSENGER_PAGE_TOKEN '"EAAdemo" + randomBytes(32).toString("base64url")'
  add_secret DEMO_MESSENGER_APP_SECRET 'randomBytes(16).toString("hex")'
  add_secret DEMO_MESSENGER_VERIFY_TOKEN 'randomBytes(12).toString("base64url")'
  add_secret DEMO_SLACK_BOT_TOKEN '"xoxb-demo-" + randomBytes(16).toString("hex")'
  add_secret DEMO_SLACK_SIGNING_SECRET 'randomBytes(16).toString("hex")'
)

# add_secret NAME EXPRESSION: appends NAME=<value of the node expression> unless the file has NAME.
add_secret() {
  grep -q "^$1=" "$SECRETS" || echo "$1=$(node -e "const { randomBytes } = require('crypto'); console.log($2)")" >> "$SECRETS"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Twilio, Meta and Slack as local stand-ins the demo's clients talk to (scripts/demo/provider-sandbox.js).
start_sandbox() {
  alive provider-sandbox && return 0
  for port in "${SANDBOX_PORTS[@]}"; do port_free "$port" || die "port $port for the provider sandbox is taken by another program"; done
  (exec setsid node scripts/demo/provider-sandbox.js >>"$LOGS/provider-sandbox.log" 2>&1 < /dev/null) &
  echo $! > "$RUN_DIR/pids/provider-sandbox.pid"
}

start_service() {
  local name=$1 port internal_port db
  alive "$name" && return 0
  port=$(port_of "$name") internal_port=$(internal_port_of "$name") db=$(db_of "$name")
  port_free "$port" || die "port $port for $name is taken by another program"
  port_free "$internal_port" || die "port $internal_port (internal listener) for $name is taken by another program"
  (
    export HTTP_PORT=$port HTTP_HOST=127.0.0.1 MONGO_DATABASE=$db LOG_LEVEL="${LOG_LEVEL:-info}"
    export INTERNAL_HTTP_PORT=$internal_port INTERNAL_HTTP_HOST=127.0.0.1 SERVICE_TOKEN_SECRET PERSONAL_DATA_MASTER_KEY
    # The gateway calls the owners' internal listeners, never their public ports.
    export JWT_SECRET TICKETS_URL="http://127.0.0.1:$(internal_port_of tickets)" CHANNEL_EMAIL_URL="http://127.0.0.1:$(internal_port_of channel-email)" CHANNEL_VOICE_URL="http://127.0.0.1:$(internal_port_of channel-voice)" CHANNEL_SOCIAL_URL="http://127.0.0.1:$(internal_port_of channel-social)"
    # The demo mailbox's Dovecot and Postfix run on this machine: mail servers on 127.0.0.1 are allowed here only.
    export EMAIL_ALLOWED_INTERNAL_HOSTS=127.0.0.1
    export ROUTING_URL="http://127.0.0.1:$(internal_port_of routing)" ROUTING_CONSUMER_GROUP=routing ROUTING_PRESENCE_CONSUMER_GROUP=routing-presence ROUTING_SLA_CONSUMER_GROUP=routing-sla ROUTING_ASSIGNMENT_CONSUMER_GROUP=routing-assignment ROUTING_VOICE_CONSUMER_GROUP=routing-voice
    export SLA_URL="http://127.0.0.1:$(internal_port_of sla)"
    export REPORTING_URL="http://127.0.0.1:$(internal_port_of reporting)" REPORTING_CONSUMER_GROUP=reporting REPORTING_DEFAULT_TIME_ZONE=Europe/Warsaw
    export EMAIL_MAILBOXES="[{\"id\":\"demo-support\",\"workspaceId\":\"ws-demo\",\"host\":\"127.0.0.1\",\"port\":$IMAP_PORT,\"user\":\"support@demo.threadline.test\",\"password\":\"$IMAP_PASSWORD\",\"name\":\"Biuro Obsługi Klienta (demo)\",\"smtp\":{\"host\":\"127.0.0.1\",\"port\":$SMTP_PORT,\"secure\":false}}]"
    # The demo workspace's phone number, Facebook Page, Slack team and web chat, wired to the sandbox.
    eval "$SERVICE_ENV"
    # V8's compiled code kept on disk between starts: a warm start spent seconds compiling the same modules again.
    export NODE_COMPILE_CACHE="$RUN_DIR/compile-cache"
    # A young generation of at most 4 MB per half (V8's default grows to 16 MB): about 40 MB less each
    # at idle, eight times over, for ~8% more CPU at start. NODE_OPTIONS given to platform.sh win.
    export NODE_OPTIONS="--max-semi-space-size=4${NODE_OPTIONS:+ $NODE_OPTIONS}"
    exec setsid node "services/$name/dist/main.js" >>"$LOGS/$name.log" 2>&1 < /dev/null
  ) &
  echo $! > "$RUN_DIR/pids/$name.pid"
}

healthy() { curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$1")/health" 2>/dev/null; }

up() {
  local started=$(date +%s)
  bash scripts/bootstrap.sh
  load_catalog
  eval "$(bash scripts/infra.sh env)"
  ensure_secrets
  set -a; source "$SECRETS"; set +a
  # The demo channels' settings, computed once for all eight services.
  SERVICE_ENV="$(node scripts/demo/settings.js service-env)"

  # The services start while Kafka still does (the slowest, started last): they need the store at
  # once, and their Kafka client retries its connection for about 50 s. An old SQLite store still to
  # be copied into PostgreSQL (by infra.sh, once FerretDB answers) is waited for first.
  bash scripts/infra.sh up &
  local infra=$!
  if compgen -G "${THREADLINE_STATE_DIR:-$REPO_ROOT/.local/infra}/ferretdb/*.sqlite" >/dev/null; then
    wait "$infra" || exit 1 # infra.sh said why
    infra=""
  fi
  until "$FERRETDB_BIN" -ping "127.0.0.1:$MONGO_PORT" -timeout 2s >/dev/null 2>&1; do
    [ -n "$infra" ] || die "FerretDB does not answer on 127.0.0.1:$MONGO_PORT (scripts/infra.sh status)"
    if ! kill -0 "$infra" 2>/dev/null; then wait "$infra" || exit 1; infra=""; continue; fi
    sleep 0.25
  done

  step "creating the demo workspace, starting the provider sandbox and the services (logs in $LOGS)"
  # The seed (idempotent) runs beside the services' start: it needs only the store.
  MONGO_DATABASE=$(db_of gateway) NODE_COMPILE_CACHE="$RUN_DIR/compile-cache" node services/gateway/dist/cli/seed-demo.js >"$LOGS/seed-demo.log" 2>&1 &
  local seed=$!
  start_sandbox
  # tickets first: it creates the topics the others publish to
  start_service tickets
  for name in "${SERVICES[@]}"; do start_service "$name"; done
  wait "$seed" || { tail -n 15 "$LOGS/seed-demo.log" >&2; down; die "could not create the demo workspace"; }
  [ -z "$infra" ] || wait "$infra" || { down; die "the infrastructure did not start (above); everything is stopped again"; }
  local deadline=$(( $(date +%s) + 120 ))
  for name in "${SERVICES[@]}"; do
    until healthy "$name"; do
      alive "$name" || { tail -n 15 "$LOGS/$name.log" >&2; die "$name exited during start"; }
      [ "$(date +%s)" -lt "$deadline" ] || { tail -n 15 "$LOGS/$name.log" >&2; die "$name not healthy after 120 s"; }
      sleep 0.5
    done
  done

  cat <<INFO

Threadline is up — all ${#SERVICES[@]} services healthy in $(( $(date +%s) - started )) s.

  Agent console  http://127.0.0.1:$(port_of gateway)/   (workspace demo, admin@demo.threadline.test, the password below)
  Agent API      http://127.0.0.1:$(port_of gateway)/api/v1
  Log in         curl -s -X POST http://127.0.0.1:$(port_of gateway)/api/v1/auth/login \\
                   -H 'content-type: application/json' \\
                   -d '{"workspace":"demo","email":"admin@demo.threadline.test","password":"$DEMO_ADMIN_PASSWORD"}'
  Demo mailbox   IMAP 127.0.0.1:$IMAP_PORT, user support@demo.threadline.test, password $IMAP_PASSWORD
                 (a mail put there becomes a ticket: npm run demo:mail)
  Outgoing mail  SMTP 127.0.0.1:$SMTP_PORT (local Postfix): answers land in the customer's mailbox on the
                 same IMAP server — log in as the customer's address with the same password
  Demo channels  phone and SMS +48 22 123 45 67 (npm run demo:call, npm run demo:sms), Facebook Page
                 (npm run demo:messenger), Slack support channel (npm run demo:slack), web chat:
                 http://127.0.0.1:$(port_of channel-social)/chat/demo?workspace=ws-demo
  Providers      Twilio, Meta and Slack are played by a local sandbox checking our credentials;
                 what we sent them: http://127.0.0.1:${SANDBOX_PORTS[0]}/__recorded (Twilio), :${SANDBOX_PORTS[1]} (Meta), :${SANDBOX_PORTS[2]} (Slack)
  Health         http://127.0.0.1:<port>/health and /metrics on ports $(port_of gateway)–$(port_of reporting)
  Logs           $LOGS
  Stop           npm stop   (or scripts/platform.sh down)
INFO
}

down() {
  # SIGTERM to all at once; each finishes its in-flight work (SHUTDOWN_TIMEOUT_MS), then we make sure.
  local pids=()
  for name in "${SERVICES[@]}" provider-sandbox; do
    local f="$RUN_DIR/pids/$name.pid"
    [ -f "$f" ] || continue
    pids+=("$(cat "$f")")
    kill -TERM "${pids[-1]}" 2>/dev/null || true
    rm -f "$f"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  bash scripts/infra.sh down
}

status() {
  load_catalog
  bash scripts/infra.sh status || true
  for name in "${SERVICES[@]}"; do
    if healthy "$name"; then echo "$name: healthy"; elif alive "$name"; then echo "$name: running, not healthy"; else echo "$name: stopped"; fi
  done
  if alive provider-sandbox; then echo "provider-sandbox: running"; else echo "provider-sandbox: stopped"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/platform.sh up|down|status" >&2; exit 2 ;;
esac
