# syntax=docker/dockerfile:1
# One image per app of the monorepo, chosen by build argument:
#   docker build --build-arg APP=mobile-bff -t bff/mobile-bff .
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP=mobile-bff
RUN npx nest build ${APP}

FROM node:${NODE_VERSION}-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:${NODE_VERSION}-bookworm-slim
ARG APP=mobile-bff
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/${APP}/main.js ./main.js
USER node
# SIGTERM reaches node directly (exec form): in-flight requests drain before exit.
CMD ["node", "main.js"]
