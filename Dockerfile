# One image for every service; SERVICE picks which one runs.
#   docker build --build-arg SERVICE=tickets -t threadline/tickets .
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
RUN npm ci --no-audit --no-fund && npx tsc -b tsconfig.build.json && npm prune --omit=dev

FROM node:24-bookworm-slim
ARG SERVICE
ENV SERVICE=${SERVICE} NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# Shell form so $SERVICE expands; exec so SIGTERM reaches node and shutdown is graceful.
CMD exec node services/${SERVICE}/dist/main.js
