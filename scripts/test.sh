#!/usr/bin/env bash
# Runs every test: unit tests, then integration and end-to-end tests against a
# private instance of the real infrastructure (its own ports and state dir, so
# a running platform is not disturbed), which is stopped afterwards.
# Set THREADLINE_TEST_INFRA=docker to use testcontainers instead (needs Docker).
# Prints the totals as a last line: "N passed, N failed".
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/bootstrap.sh

export THREADLINE_STATE_DIR="${THREADLINE_TEST_STATE_DIR:-$REPO_ROOT/.local/test-infra}"
export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}" KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}"
export MONGO_PORT="${TEST_MONGO_PORT:-37017}" IMAP_PORT="${TEST_IMAP_PORT:-11143}"
export SMTP_PORT="${TEST_SMTP_PORT:-11025}" LMTP_PORT="${TEST_LMTP_PORT:-11024}"
export POSTGRES_PORT="${TEST_POSTGRES_PORT:-$((MONGO_PORT + 1))}"

if [ "${THREADLINE_TEST_INFRA:-local}" = "local" ]; then
  # Fresh data each run: tests must not depend on what an earlier run left.
  bash scripts/infra.sh reset
  trap 'bash scripts/infra.sh down' EXIT
  bash scripts/infra.sh up
  eval "$(bash scripts/infra.sh env)"
  only_embedded=()
else
  # MongoDB in a container has no PostgreSQL under it: the embedded store's own tests stay out.
  only_embedded=(--testPathIgnorePatterns /node_modules/ /dist/ /.local/ /test/embedded-store/)
fi

results="$REPO_ROOT/.local/jest-results.json"
mkdir -p "$(dirname "$results")"
rm -f "$results"
step "running tests"
set +e
# --forceExit: kafkajs leaves retry timers behind after disconnect; results are written before exit.
# One process runs every suite (--runInBand, shared infrastructure); the whole suite outgrew node's default
# ~4 GB heap (an out-of-memory abort after 180 of 200 suites), so it gets 8 GB of the machine's 24.
NODE_OPTIONS="--experimental-vm-modules --max-old-space-size=8192" npx jest --ci --runInBand --forceExit --json --outputFile="$results" "${only_embedded[@]}" "$@"
status=$?
set -e
if [ -f "$results" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`)' "$results"
else
  echo "0 passed, 1 failed"
fi
exit $status
