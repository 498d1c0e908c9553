#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: system packages and
# infrastructure (Kafka jars, FerretDB, Dovecot), the pinned Node LTS, npm
# packages, and a build of every lib and service. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/install-system-deps.sh

if [ "$(node --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  step "installing Node $NODE_VERSION (npm package node@$NODE_VERSION) into .tools/node"
  command -v npm >/dev/null || die "npm not found — install any Node.js with npm to bootstrap Node $NODE_VERSION"
  mkdir -p "$NODE_HOME"
  npm install --silent --no-save --no-package-lock --prefix "$NODE_HOME" "node@$NODE_VERSION" >/dev/null
  [ "$(node --version)" = "v$NODE_VERSION" ] || die "Node $NODE_VERSION did not install into $NODE_HOME"
fi

lock_stamp="node_modules/.threadline-lock"
if [ ! -f "$lock_stamp" ] || ! cmp -s package-lock.json "$lock_stamp"; then
  step "installing npm packages"
  # `npm install`, not `npm ci`: npm 11 rejects its own lock file in ci when it holds
  # unrs-resolver's optional per-platform bindings (jest's resolver). The lock is still honoured.
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$lock_stamp"
fi

# The build is skipped when nothing it reads changed since the last one: a warm `platform.sh up`
# spent most of its start here (tsc -b checking every project, the console bundled anew).
# "Changed" is by modification time (git checkouts and editors set it); delete the stamp to force a build.
build_stamp=".local/build.stamp"
build_current() {
  [ -f "$build_stamp" ] && [ -f apps/console/dist/index.html ] || return 1
  local dir
  for dir in libs/* services/*; do [ -d "$dir/dist" ] || return 1; done
  [ -z "$(find libs services apps tsconfig.base.json tsconfig.build.json package.json package-lock.json \
    \( -name dist -o -name node_modules \) -prune -o -newer "$build_stamp" -print -quit)" ]
}
if ! build_current; then
  step "building libs and services"
  mkdir -p .local && touch .local/build.stamp.next # before the build: a file saved during it counts as changed
  npm run --silent build
  mv .local/build.stamp.next "$build_stamp"
fi
