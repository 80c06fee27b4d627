# Impartial in a container: the same steps as deploy/install.sh, and nothing else. The build stage
# installs the development tools and builds; the image keeps only what the server needs, runs as
# the unprivileged node user, migrates as the owner (MIGRATION_DATABASE_URL) and serves as the
# app's role (DATABASE_URL). Mount the service's content read-only and set CONTENT_DIR to it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 CONTENT_DIR=/content
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/build build
COPY --from=build --chown=root:root /app/content content
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["sh", "-c", "node build/cli/content-check.js && node build/cli/migrate.js && exec node build"]
