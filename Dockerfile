# The demo bot (and the alert webhook sink) for docker-compose. Runs `npm start`'s demo with
# telemetry on :8000.
FROM node:20.19-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY lib ./lib
COPY demo ./demo
COPY scripts ./scripts

USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:8000/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "demo/main.ts", "--host", "0.0.0.0", "--port", "8000"]
