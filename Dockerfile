# syntax=docker/dockerfile:1
# The sync server, serving the built register (/) and head office console (/hq) on one port.
# Build: docker build -t loyalty-sync .   Run with PostgreSQL and PgBouncer: compose.yaml.

ARG NODE_IMAGE=node:24-bookworm-slim

# The register and the console: vite build needs the dev dependencies (Electron's binary not).
FROM ${NODE_IMAGE} AS web
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build

# The server's dependencies only (tsx among them: the server runs its TypeScript sources).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS server
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.json ./
COPY shared shared
COPY sync-server sync-server
COPY --from=web /app/dist/renderer dist/renderer
# The embedded database (when DATABASE_URL is not set) and notification files live in /data.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The node image's unprivileged user: the process cannot write its own code.
USER node
EXPOSE 8787
# Ready means the database answers and holds every migration (GET /readyz).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "sync-server/src/cli.ts", "serve"]
