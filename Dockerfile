# The demo bot (and the alert webhook sink) for docker-compose, with telemetry on :8000.
# Build stage: compiles lib/, demo/ and the webhook sink to dist/. Runtime stage: production
# dependencies only (the library's and the demo workspace's grammY), no TypeScript, no tsx.
# spec/package/runtime-stage.spec.ts replays the runtime stage without Docker.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY demo/package.json ./demo/
COPY tools/lint/package.json ./tools/lint/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.image.json ./
COPY scripts ./scripts
COPY lib ./lib
COPY demo ./demo
RUN npm run build:image

FROM node:24.21.0-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DEMO_HOST=0.0.0.0 DEMO_PORT=8000
COPY package.json package-lock.json ./
COPY demo/package.json ./demo/
COPY tools/lint/package.json ./tools/lint/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.DEMO_PORT || 8000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/demo/main.js"]
