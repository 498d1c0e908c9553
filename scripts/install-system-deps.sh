#!/usr/bin/env bash
# Installs and builds what scripts/infra.sh runs: Dovecot and Postfix (apt), Apache Kafka's
# jars (Maven Central, classpath from infra/kafka/pom.xml) and our embedded
# FerretDB (Go module proxy, infra/ferretdb). Idempotent: does only what is
# missing or out of date, and prints nothing then. Tool output goes to
# $THREADLINE_STATE_DIR/logs/install.log; built files to .local/tools.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "$0")/../infra/lib.sh"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found — $2"; }
# java runs Kafka; mvn and go are needed only while something is to be resolved or built.
need java "install OpenJDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"

mkdir -p "$TOOLS_DIR" "$LOGS"
log="$LOGS/install.log"
# One installer at a time (the platform, tests and bench may start together).
exec 8>"$TOOLS_DIR/.install.lock"
flock -w 1200 8 || die "another scripts/install-system-deps.sh has held $TOOLS_DIR/.install.lock for 20 minutes"
mark() { printf '\n--- %s %s\n' "$(date -Is)" "$*"; }
failed() { echo "threadline: $1; last lines of $log:" >&2; tail -n 25 "$log" >&2; exit 1; }

# --- PostgreSQL (the store under FerretDB), Dovecot (IMAP, LMTP), Postfix (SMTP) ---------------
MAIL_PACKAGES=(postgresql dovecot-imapd dovecot-lmtpd postfix)
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || ! [ -x /usr/bin/psql ] || ! [ -x /usr/bin/pg_isready ] ||
  ! [ -x /usr/sbin/dovecot ] || ! [ -x /usr/lib/dovecot/imap ] || ! [ -x /usr/lib/dovecot/imap-login ] ||
  ! [ -x /usr/lib/dovecot/lmtp ] || ! [ -x /usr/sbin/postfix ] || ! [ -x /usr/lib/postfix/sbin/smtpd ]; then
  need apt-get "install ${MAIL_PACKAGES[*]} (Debian packages) by hand"
  step "installing PostgreSQL, Dovecot and Postfix (apt-get install ${MAIL_PACKAGES[*]})"
  # Keep the packages from starting a system-wide PostgreSQL, Dovecot or Postfix: ours run privately from scripts/infra.sh.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  {
    mark "apt-get install ${MAIL_PACKAGES[*]}"
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${MAIL_PACKAGES[@]}"
  } >>"$log" 2>&1 || failed "apt-get could not install ${MAIL_PACKAGES[*]}"
  [ -z "$policy" ] || rm -f "$policy"
fi
if ! id -u "$MAIL_USER" >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$MAIL_USER" >>"$log" 2>&1 ||
    failed "could not create the system user $MAIL_USER"
fi

# --- Chromium (Debian's), for the web chat widget's browser test (playwright-core drives it) ----
if ! [ -x /usr/bin/chromium ]; then
  need apt-get "install Debian's chromium package by hand"
  step "installing Chromium (apt-get install chromium)"
  {
    mark "apt-get install chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }
  } >>"$log" 2>&1 || failed "apt-get could not install chromium"
fi

# --- Apache Kafka: the classpath of kafka_2.13 and its logging binding -------------------
pom="$INFRA_ROOT/kafka/pom.xml"
pom_stamp="$(sha256sum "$pom" | cut -c1-32)"
classpath_current() {
  [ -s "$KAFKA_CLASSPATH_FILE" ] && [ "$(cat "$KAFKA_CLASSPATH_FILE.stamp" 2>/dev/null)" = "$pom_stamp" ] || return 1
  local jars jar
  IFS=: read -ra jars < "$KAFKA_CLASSPATH_FILE"
  for jar in "${jars[@]}"; do [ -f "$jar" ] || return 1; done # jars gone from ~/.m2
}
if ! classpath_current; then
  need mvn "install Maven 3.8 or newer (Debian: apt-get install maven)"
  step "resolving Apache Kafka 3.9.1 jars (Maven Central)"
  mark "mvn dependency:build-classpath" >>"$log"
  mvn -B -ntp -Dstyle.color=never -f "$pom" dependency:build-classpath -Dmdep.outputFile="$KAFKA_CLASSPATH_FILE.tmp" >>"$log" 2>&1 ||
    failed "Maven could not resolve Kafka's jars"
  mv "$KAFKA_CLASSPATH_FILE.tmp" "$KAFKA_CLASSPATH_FILE"
  echo "$pom_stamp" > "$KAFKA_CLASSPATH_FILE.stamp"
fi

# --- FerretDB: our wrapper binary, rebuilt when its sources or patches change ----------
# FerretDB's module is built with our patches (infra/ferretdb/patches, see infra/README.md):
# a copy of it from Go's module cache, patched, stands in for it (go.mod `replace`) in a
# copy of the wrapper, so the checkout and the module cache stay untouched.
src="$INFRA_ROOT/ferretdb"
src_stamp="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go "$src"/patches/*.patch | sha256sum | cut -c1-32)"
if ! [ -x "$FERRETDB_BIN" ] || [ "$(cat "$FERRETDB_BIN.stamp" 2>/dev/null)" != "$src_stamp" ]; then
  need go "install Go 1.24 or newer (https://go.dev/dl/)"
  step "building FerretDB 1.24.2 with our patches (Go; the first build takes a few minutes)"
  mark "go build infra/ferretdb" >>"$log"
  build="$FERRETDB_BIN.build"
  rm -rf "$build" && mkdir -p "$build/wrapper"
  cp "$src/go.mod" "$src/go.sum" "$src"/*.go "$build/wrapper/"
  (
    cd "$build/wrapper" &&
      go mod download github.com/FerretDB/FerretDB &&
      cp -r "$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)" "$build/FerretDB" &&
      chmod -R u+w "$build/FerretDB" &&
      for p in "$src"/patches/*.patch; do
        # the ceiling: the copy is not a repository, nor is a checkout the tools dir may sit in
        GIT_CEILING_DIRECTORIES="$build" git -C "$build/FerretDB" apply --verbose "$p" || exit 1
      done &&
      go mod edit -replace github.com/FerretDB/FerretDB=../FerretDB &&
      CGO_ENABLED=0 go build -mod=readonly -trimpath -o "$FERRETDB_BIN.tmp" .
  ) >>"$log" 2>&1 || failed "building FerretDB failed"
  rm -rf "$build"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  echo "$src_stamp" > "$FERRETDB_BIN.stamp"
fi
