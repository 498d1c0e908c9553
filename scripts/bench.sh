#!/usr/bin/env bash
# Benchmarks on real infrastructure (a private instance on its own ports).
# Usage: scripts/bench.sh [all|<scenario>]   (default: all; the scenarios are listed in SCENARIOS below)
# Knobs: BENCH_HOT_SIZES (hot-queries: documents per collection, 1000,100000), BENCH_HOT_RUNS (timed runs per query and size, 300),
#        BENCH_HOT_SETTLE_SECONDS (pause after filling, for the store's background statistics: 30),
#        BENCH_HISTORY_TICKETS (contact-to-ticket: tickets already in the store, 10000),
#        BENCH_MAILS (mail-to-ticket backlog, 5000), BENCH_SMTP_CONNECTIONS (mail-to-ticket: the bare SMTP limit's connections at once, 4), BENCH_ACK_DELIVERY (mail-to-ticket: mailbox = customers' acknowledgements delivered into Dovecot, not dropped by the relay), BENCH_EMAIL_HTTP_PORT (mail-to-ticket: channel-email, for its /metrics: 23001), BENCH_CONTACTS (contact-to-ticket backlog, 2000),
#        BENCH_RATE (steady rate per second: mail 5, contacts 10), BENCH_SECONDS (steady phase: 30),
#        BENCH_SMS_RATES (sms-webhooks offered rates: 10,20,40,80,160), BENCH_STEP_SECONDS (per rate: 10),
#        BENCH_DRAIN_SECONDS (longest wait for the SMS / Messenger messages to reach tickets: 300), BENCH_VOICE_HTTP_PORT (23002)
#        messenger-webhooks: BENCH_MESSENGER_RATES (offered POSTs/s: 10,20,40,80,160), BENCH_MESSENGER_ENTRIES (entries per POST: 3),
#        BENCH_MESSENGER_EVENTS (messages per entry: 3), BENCH_MESSENGER_TICKET_RATE (POSTs/s of the webhook → ticket phase, below the tickets service's contact rate: 1),
#        BENCH_STEP_SECONDS, BENCH_DRAIN_SECONDS; chat-visitors: BENCH_CHAT_VISITORS (500), BENCH_CHAT_MESSAGES (per visitor: 3),
#        BENCH_CHAT_RAMP_SECONDS (visitors connect over: 30), BENCH_CHAT_THINK_SECONDS (a visitor's pause before each message: 10),
#        BENCH_CHAT_REPLY_TIMEOUT_SECONDS (180); both: BENCH_SOCIAL_HTTP_PORT (23003); chat-visitors and contact-to-ticket: BENCH_TICKETS_HTTP_PORT (23004), BENCH_TICKETS_INTERNAL_HTTP_PORT (23104)
#        rule-evaluation (no infrastructure): BENCH_RULES (200), BENCH_SECONDS (10)
#        tracing-overhead (no infrastructure): BENCH_TRACING_EVENTS (per round: 5000), BENCH_TRACING_ROUNDS (5);
#        contact-to-ticket with BENCH_TRACING=otlp: the tickets service exports traces to a local OTLP receiver
#        contact-to-ticket with BENCH_PERSONAL_DATA=sealed: contacts published sealed with per-customer keys, the tickets service given PERSONAL_DATA_MASTER_KEY
#        customer-rodo: BENCH_RODO_ENTRIES (1000), BENCH_RODO_FILES (5) of BENCH_RODO_FILE_MB (8) kept by channel-email, BENCH_TICKETS_HTTP_PORT (23004; channel-email the next), BENCH_TICKETS_INTERNAL_HTTP_PORT (23104; likewise)
#        tracing-side-by-side (two tickets processes drain one backlog at once, one exporting traces): BENCH_CONTACTS (2000),
#        BENCH_TRACING_ROUNDS (2), BENCH_TICKETS_HTTP_PORT (and the next port)
#        reporting-replay: BENCH_REPORT_EVENTS (a year of one workspace: 20000), BENCH_REPORT_REQUESTS (over a month, and over the year: 20 each),
#        BENCH_DRAIN_SECONDS (600), BENCH_REPORTING_HTTP_PORT (23007), BENCH_REPORTING_INTERNAL_HTTP_PORT (23107)
#        sla-timers: BENCH_SLA_TICKETS (open tickets with running clocks: 100000), BENCH_SLA_DUE (of them falling due in the window: 1000),
#        BENCH_SLA_WINDOW_SECONDS (60), BENCH_SLA_IDLE_SECONDS (30), BENCH_SLA_HTTP_PORT (23006),
#        BENCH_SLA_PIPELINE_SAMPLE (running clocks started through the pipeline, the rest stored in bulk by services/sla/dist/seed-clocks.js: 500)
#        contact-to-routed (tickets + routing, a rule to a queue that assigns by itself among 10 present agents): BENCH_RATE (10),
#        BENCH_SECONDS (30), BENCH_DRAIN_SECONDS (300), BENCH_ROUTING_HTTP_PORT (23005), BENCH_ROUTING_INTERNAL_HTTP_PORT (23105)
#        scale-out (tickets 1 → 3 → 1 under a steady load): BENCH_RATE (contacts/s: 20), BENCH_PHASE_SECONDS (per phase: 30),
#        BENCH_TICKETS_HTTP_PORT (first of 3 consecutive ports: 23004)
#        scale-out-email (channel-email 1 → 3 → 1 under a steady mail load over SMTP): BENCH_RATE (mails/s: 5),
#        BENCH_PHASE_SECONDS (30), BENCH_MAILBOXES (6), BENCH_LAG_SECONDS (caught up: lag ≤ rate × 5 s), BENCH_EMAIL_HTTP_PORT (first of 3: 23001; tickets on it + 10)
#        mail-to-console (the console's first load in Chromium, then mails over SMTP → rows on the open list): BENCH_MAILS (100),
#        BENCH_RATE (mails/s: 2), BENCH_DRAIN_SECONDS (120), BENCH_GATEWAY_HTTP_PORT (23000), BENCH_TICKETS_INTERNAL_HTTP_PORT (23104),
#        BENCH_CHROMIUM (/usr/bin/chromium)
#        platform-footprint (scripts/platform.sh up cold, down, up warm, then idle; memory of every process of the stack):
#        BENCH_PLATFORM_PORT_BASE (the platform's PLATFORM_PORT_BASE: 24000, ports 24000-24143), BENCH_IDLE_SECONDS (60),
#        BENCH_PLATFORM_DIR (its THREADLINE_PLATFORM_DIR, emptied first: <BENCH_STATE_DIR>/platform-footprint),
#        BENCH_PLATFORM_SCRIPT (the script measured, to compare versions: scripts/platform.sh)
# Services started by a bench log to <state dir>/logs/bench-<service>.log at BENCH_LOG_LEVEL (warn).
# BENCH_CPU_PROFILE_DIR (unset: off): every service process a bench starts writes a V8 CPU profile (node --cpu-prof)
#        into that dir when it exits; `node bench/dist/cpu-profile-summary.js <dir> [rows] [file name filter]` ranks
#        self and total time by function and by package (node_modules/<pkg>, libs/<name>, services/<name>).
# Ports of the private infrastructure (to run beside another bench): BENCH_KAFKA_PORT (29092),
#        BENCH_KAFKA_CONTROLLER_PORT (29093), BENCH_MONGO_PORT (47017), BENCH_IMAP_PORT (21143),
#        BENCH_SMTP_PORT (21025), BENCH_LMTP_PORT (21024), BENCH_POSTGRES_PORT (BENCH_MONGO_PORT + 1); BENCH_STATE_DIR (.local/bench-infra)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
# Every scenario (bench/src/scenarios/<name>.ts), and those that need no infrastructure (pure CPU).
SCENARIOS=(hot-queries mail-to-ticket mail-to-console contact-to-ticket contact-to-routed tracing-overhead sms-webhooks messenger-webhooks chat-visitors
  rule-evaluation reporting-replay sla-timers personal-data-codec customer-rodo scale-out scale-out-email tracing-side-by-side
  platform-footprint)
CPU_ONLY=(rule-evaluation tracing-overhead personal-data-codec)
# Those that start the whole platform themselves (scripts/platform.sh), not the bench's infrastructure.
OWN_PLATFORM=(platform-footprint)
scenario="${1:-all}"
case "$scenario" in
  all) scenarios=("${SCENARIOS[@]}") ;;
  *) [[ " ${SCENARIOS[*]} " == *" $scenario "* ]] || die "unknown scenario $scenario (all, ${SCENARIOS[*]})"
     scenarios=("$scenario") ;;
esac

bash scripts/bootstrap.sh
export THREADLINE_STATE_DIR="${BENCH_STATE_DIR:-$REPO_ROOT/.local/bench-infra}"
export KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}" KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"
export MONGO_PORT="${BENCH_MONGO_PORT:-47017}" IMAP_PORT="${BENCH_IMAP_PORT:-21143}"
export SMTP_PORT="${BENCH_SMTP_PORT:-21025}" LMTP_PORT="${BENCH_LMTP_PORT:-21024}"
export POSTGRES_PORT="${BENCH_POSTGRES_PORT:-$((MONGO_PORT + 1))}"
trap 'bash scripts/infra.sh down' EXIT
tsc -b bench/tsconfig.json
failed=()
for name in "${scenarios[@]}"; do
  # Pure CPU (no infrastructure to start), or a scenario that starts the whole platform itself.
  if [[ " ${CPU_ONLY[*]} ${OWN_PLATFORM[*]} " == *" $name "* ]]; then node "bench/dist/scenarios/$name.js" || failed+=("$name"); continue; fi
  # Fresh data per scenario: a new consumer group reads its topics from the start, and earlier events would be measured too.
  bash scripts/infra.sh reset
  bash scripts/infra.sh up
  eval "$(bash scripts/infra.sh env)"
  node "bench/dist/scenarios/$name.js" || failed+=("$name")
done
[ ${#failed[@]} -eq 0 ] || die "failed: ${failed[*]}"
