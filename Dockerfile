# One image for every Provenant process: the API (default), workers and migrations.
#   docker build -t provenant .
#   docker run provenant node dist/workers/main.js
# docker-compose.yml shows the whole production shape.

# --- build: install everything, compile TypeScript, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's install script would fetch optional GPU binaries; the CPU ones ship in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.json \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime ---
FROM node:20-bookworm-slim
WORKDIR /app
# The artifact store and other local state; mount a volume here and share it between api and workers.
ENV PROVENANT_DATA_DIR=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# scripts/temporal-cli.cjs is loaded at run time by the platform code.
COPY --from=build /app/scripts ./scripts
# The web UI's files are served as written from the source tree (api/ui/ui-assets.ts).
COPY --from=build /app/api/ui/static ./api/ui/static
# GraphiQL's page and start-up script, likewise (api/graphiql/graphiql-assets.ts).
COPY --from=build /app/api/graphiql/static ./api/graphiql/static
# A default data root (PROVENANT_DATA_ROOTS), so registerDataset works on the samples out of the box.
COPY --from=build /app/sample-data ./sample-data
# A new named volume mounted on /data takes this ownership, so the non-root user can write to it.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
CMD ["node", "dist/api/main.js"]
