# Sightline on Next.js's standalone output (docs/deploying.md). Never built here: no base
# image can be pulled on the machines this project is developed on. What the runtime stage
# runs, .next/standalone completed by scripts/standalone.mjs and started with
# `node start.mjs`, is what tests/e2e/standalone.test.ts starts and loads pages from.
#
# Debian-based images: the embedded ClickHouse engine's native library
# (@chdb/lib-linux-x64-gnu, -linux-arm64-gnu) is built for glibc, not musl.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# Exactly the committed lock file (docs/deploying.md, "npm ci").
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build && node scripts/standalone.mjs

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# PORT and HOSTNAME are read by Next.js's server.js. CLICKHOUSE_DATA_DIR is used only
# without CLICKHOUSE_URL (the embedded engine): give it a volume.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    CLICKHOUSE_DATA_DIR=/var/lib/sightline/clickhouse
# The code belongs to root and is read-only to the server; .next is the server's, which
# writes its page cache and the nonce placeholder there (docs/security.md).
COPY --from=build /src/.next/standalone/node_modules ./node_modules
COPY --from=build /src/.next/standalone/package.json /src/.next/standalone/server.js /src/.next/standalone/start.mjs ./
COPY --from=build /src/.next/standalone/sightline ./sightline
COPY --from=build /src/.next/standalone/public ./public
COPY --from=build /src/.next/standalone/config ./config
COPY --from=build --chown=1000:1000 /src/.next/standalone/.next ./.next
RUN mkdir -p /var/lib/sightline/clickhouse && chown 1000:1000 /var/lib/sightline/clickhouse
# The image's `node` user, by number, so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 3000
# For `docker run`; Kubernetes ignores it and probes the same route (deploy/kubernetes).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/v1/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "start.mjs"]
