#!/usr/bin/env bash
# Benchmarks on real infrastructure (a private instance on its own ports).
# Usage: scripts/bench.sh [all|mail-to-ticket|contact-to-ticket]   (default: all)
# Knobs: BENCH_MAILS (mail-to-ticket backlog, 5000), BENCH_CONTACTS (contact-to-ticket backlog, 2000),
#        BENCH_RATE (steady rate per second: mail 5, contacts 10), BENCH_SECONDS (steady phase: 30)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
scenario="${1:-all}"
case "$scenario" in
  all) scenarios=(mail-to-ticket contact-to-ticket) ;;
  mail-to-ticket | contact-to-ticket) scenarios=("$scenario") ;;
  *) die "unknown scenario $scenario (all, mail-to-ticket, contact-to-ticket)" ;;
esac

bash scripts/bootstrap.sh
export THREADLINE_STATE_DIR="$REPO_ROOT/.local/bench-infra"
export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 MONGO_PORT=47017 IMAP_PORT=21143 SMTP_PORT=21025 LMTP_PORT=21024
trap 'bash scripts/infra.sh down' EXIT
tsc -b bench/tsconfig.json
failed=()
for name in "${scenarios[@]}"; do
  # Fresh data per scenario: a new consumer group reads its topics from the start, and earlier events would be measured too.
  bash scripts/infra.sh reset
  bash scripts/infra.sh up
  eval "$(bash scripts/infra.sh env)"
  node "bench/dist/scenarios/$name.js" || failed+=("$name")
done
[ ${#failed[@]} -eq 0 ] || die "failed: ${failed[*]}"
