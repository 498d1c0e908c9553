#!/usr/bin/env bash
# Installs and builds the local infrastructure: Dovecot (apt), Kafka's jars
# (Maven Central), and our embedded FerretDB (Go module proxy). Idempotent;
# tool output goes to $THREADLINE_STATE_DIR/logs/install.log.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$REPO_ROOT/scripts/infra-env.sh"

mkdir -p "$STATE_DIR/logs"
log="$STATE_DIR/logs/install.log"

for tool in java mvn go; do
  command -v "$tool" >/dev/null || die "$tool not found — install $( [ $tool = go ] && echo 'Go ≥ 1.24' || echo 'OpenJDK 17 and Maven' ) first"
done

if ! command -v dovecot >/dev/null || ! id "$MAIL_USER" >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "apt-get not found — install Dovecot (dovecot-imapd) by hand"
  step "installing Dovecot (apt)"
  if ! command -v dovecot >/dev/null; then
    { apt-get install -y -q dovecot-imapd || { apt-get update -q && apt-get install -y -q dovecot-imapd; }; } >>"$log" 2>&1 ||
      die "apt-get could not install dovecot-imapd (see $log)"
  fi
  id "$MAIL_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$MAIL_USER"
fi

if [ ! -s "$KAFKA_CLASSPATH_FILE" ] || [ "$REPO_ROOT/infra/kafka/pom.xml" -nt "$KAFKA_CLASSPATH_FILE" ]; then
  step "resolving Apache Kafka jars (Maven Central)"
  mvn -q -B -f "$REPO_ROOT/infra/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$KAFKA_CLASSPATH_FILE" >>"$log" 2>&1 ||
    die "Maven could not resolve Kafka (see $log)"
fi

if [ ! -x "$FERRETDB_BIN" ] || [ -n "$(find "$REPO_ROOT/infra/ferretdb" -newer "$FERRETDB_BIN" -type f)" ]; then
  step "building FerretDB (Go module proxy)"
  (cd "$REPO_ROOT/infra/ferretdb" && CGO_ENABLED=0 go build -tags ferretdb_no_postgresql -o "$FERRETDB_BIN" .) >>"$log" 2>&1 ||
    die "building FerretDB failed (see $log)"
fi
