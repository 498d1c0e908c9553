# syntax=docker/dockerfile:1
# One image recipe for every service; the SERVICE build argument picks which one runs.
#   docker build --build-arg SERVICE=tickets -t threadline/tickets .
# Every image holds all services, so `-e SERVICE=<name>` at run time also works.
# The build stages do not use SERVICE, so building all eight reuses one cached build.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- manifests: only the npm manifests, paths kept, so the install layer below
# is reused until a dependency changes (source edits do not invalidate it).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
# Workspaces as in package.json: apps/*, libs/*, services/*, bench (bench's manifest is
# needed for the install to match the lock file, its code is not).
RUN mkdir -p /manifests \
 && for f in package.json package-lock.json apps/*/package.json libs/*/package.json services/*/package.json bench/package.json; do \
      mkdir -p "/manifests/$(dirname "$f")" && cp "$f" "/manifests/$f"; \
    done

# --- build: install everything, compile, then strip to what runs.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
# `npm install`, not `npm ci`: npm 11 rejects this lock file in ci because it holds
# unrs-resolver's optional per-platform bindings (see scripts/bootstrap.sh). The lock
# is honoured, and the cmp makes the build fail, as `npm ci` would, if the lock is
# out of date with package.json.
# --ignore-scripts: no install script is needed to compile or run (nx's postinstall,
# optional native builds of ssh2/cpu-features via testcontainers), and the slim
# image has no compiler for them anyway.
RUN cp package-lock.json /tmp/package-lock.json \
 && npm install --ignore-scripts --no-audit --no-fund \
 && { cmp -s package-lock.json /tmp/package-lock.json \
      || { echo 'package-lock.json is out of date with package.json: run npm install and commit it' >&2; exit 1; }; }
# Our fixes to installed packages (patches/, see README), applied here as install scripts are off.
COPY patches ./patches
RUN npx patch-package --error-on-fail
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
COPY apps ./apps
# Compile (the agent console too: the gateway serves apps/console/dist), drop dev
# dependencies, then keep per package only package.json, dist/ and any nested
# node_modules/ (sources and tsconfigs are not needed to run).
RUN npx tsc -b tsconfig.build.json \
 && npm run build --workspace @threadline/console \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find apps libs services -mindepth 2 -maxdepth 2 ! -name dist ! -name package.json ! -name node_modules -exec rm -rf {} + \
 && find libs services -name '*.tsbuildinfo' -delete

# --- runtime: production node_modules and compiled output only.
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE}
WORKDIR /app
# Owned by root, run as `node`: the process cannot modify its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/services ./services
COPY --from=build /app/apps ./apps
# Fail the build, not the container, on a missing or unknown SERVICE.
RUN test -n "$SERVICE" && test -f "services/$SERVICE/dist/main.js" \
 || { echo "build with --build-arg SERVICE=<one of: $(ls services | tr '\n' ' ')>" >&2; exit 1; }
# The node user of the official image (uid 1000), not root.
USER node
EXPOSE 3000-3007
# Shell form so $SERVICE expands at run time; `exec` makes node PID 1, so SIGTERM
# reaches it directly and the service's graceful shutdown runs.
CMD exec node services/${SERVICE}/dist/main.js
