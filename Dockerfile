# syntax=docker/dockerfile:1
# Newsdesk: build with the dev tools, run with the production dependencies only, as user `node`.
#   docker build -t newsdesk .
#   docker run -d --init --env-file .env -v newsdesk-data:/data -v newsdesk-cache:/cache newsdesk
# (without the empty NEWSDESK_DATA= and NEWSDESK_CACHE= lines of .env.example: they would replace
# the values set below; compose.yaml sets them itself)
# See docs/deploy.md. Node 22 by default: Node 20 is past its end of life (April 2026), 22 has
# security fixes until April 2027. `--build-arg NODE_VERSION=24` (or 20) picks another line.
ARG NODE_VERSION=22

# --- build: TypeScript → dist/ ----------------------------------------------------------------
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The sources are not here yet, so skip `prepare` (tsc); the build runs below, once they are.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build

# --- run ---------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    NEWSDESK_DATA=/data \
    NEWSDESK_CACHE=/cache \
    HEALTH_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` runs tsc, a dev dependency that is not installed here; dist/ comes
# from the build stage. No production dependency has an install script.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist

# The data folder (articles, feeds.txt, .newsdesk/ state) and the saved index. A new named volume
# mounted on /data starts with the bundled articles; both must be writable by `node` (uid 1000).
RUN mkdir -p /data /cache && chown node:node /data /cache
COPY --chown=node:node data/articles /data
VOLUME ["/data", "/cache"]

USER node
# /healthz answers on PORT in Slack HTTP mode and on HEALTH_PORT otherwise: try both (no curl in
# slim images, so node's own fetch).
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["node", "-e", "(async()=>{for(const p of [process.env.HEALTH_PORT||8080,process.env.PORT||3000]){try{const r=await fetch(`http://127.0.0.1:${p}/healthz`,{signal:AbortSignal.timeout(4000)});if(r.ok)process.exit(0)}catch{}}process.exit(1)})()"]
CMD ["node", "dist/adapters/cli/main.js", "start"]
