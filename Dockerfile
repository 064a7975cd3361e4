# wechat-sync image: built once with tsc, run with plain node under tini.
#   docker build -t wechat-sync .
#   docker run --rm wechat-sync                      # a worker (the default command)
#   docker run --rm wechat-sync dist/producers/api.js
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY producers ./producers
COPY workers ./workers
# `prepare` compiles dist/ as part of npm ci (it needs the dev dependencies: typescript).
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
# tini as PID 1: it forwards SIGTERM from `docker stop` to node and reaps zombies, so the
# service gets its graceful shutdown (compose adds `init: true` as well, which is the same tini).
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Runtime dependencies only; --ignore-scripts: `prepare` (tsc) is a build step, done above.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["/usr/bin/tini", "--", "node"]
CMD ["dist/workers/sync-worker.js"]
