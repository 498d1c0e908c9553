#!/usr/bin/env bash
# Benchmarks on real infrastructure (a private instance on its own ports).
# Usage: scripts/bench.sh [mail-to-ticket]   — knobs: BENCH_MAILS, BENCH_RATE, BENCH_SECONDS
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
scenario="${1:-mail-to-ticket}"

bash scripts/bootstrap.sh
export THREADLINE_STATE_DIR="$REPO_ROOT/.local/bench-infra"
export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 MONGO_PORT=47017 IMAP_PORT=21143
trap 'bash scripts/infra.sh down' EXIT
# Fresh data: a new consumer group reads its topics from the start, and old runs' events would be measured too.
bash scripts/infra.sh reset
bash scripts/infra.sh up
eval "$(bash scripts/infra.sh env)"
tsc -b bench/tsconfig.json
node "bench/dist/scenarios/$scenario.js"
