# Dockside gateway image: `dockside start` by default; `worker` and `mock-erp` run from the same image
# (see docker-compose.yml). Built and checked by spec/deploy/compose.test.ts, not run on the dev machines.

# --- build: full install, compile TypeScript to dist/, then drop the dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are copied (the build step below does it);
# the dependencies' own scripts only try optional native builds (ssh2, cpu-features), which need a
# compiler this slim image does not have and fall back to JavaScript anyway.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: compiled code, production dependencies, example partner profiles, deploy config ---
FROM node:20-bookworm-slim
# Container defaults for gateway settings (gateway/runtime/settings.ts); compose sets them again.
ENV DOCKSIDE_HOME=/data \
    DOCKSIDE_PARTNERS=/app/partners \
    DOCKSIDE_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/partners ./partners
COPY --from=build /app/deploy ./deploy
# The image's `node` user (uid 1000) owns only the data folder.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 2222 hosted SFTP, 8080 HTTP (API, web UI, /healthz, /metrics)
EXPOSE 2222 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.DOCKSIDE_HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/dockside.js"]
CMD ["start"]
