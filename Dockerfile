# flowlight: a multi-stage image. The build stage compiles the TypeScript and bundles the bot's entry into
# dist/main.js (esbuild: a development dependency, pruned after the build), and builds better-sqlite3 where no
# prebuilt binary fits; the runtime stage holds the compiled JavaScript and production dependencies only,
# and runs as the unprivileged `node` user with the SQLite database on the /data volume.
# deploy/rehearse-docker-build.mjs replays these steps in a temporary folder without a Docker engine.

FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first (a cached layer while they do not change); better-sqlite3's install script builds the
# native module. Scripts are skipped in `npm ci` because `prepare` would build before src/ is copied.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=/data/flowlight.db \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY LICENSE README.md .env.example ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# GET /healthz: on HEALTH_PORT when set (Socket Mode), else on PORT (HTTP mode). Node's fetch: no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HEALTH_PORT || process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives docker stop's SIGTERM itself (no shell, no npm in between).
CMD ["node", "--max-old-space-size=160", "dist/main.js"]
