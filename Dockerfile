# The web and worker image for docker-compose.yml (production shape). The runner image that
# executes tools is separate: runner-image/Dockerfile.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
EXPOSE 3000
# web: `npx next start`; worker: `npm run worker`; one-shot migrations: `npm run cli -- db:prepare`
CMD ["npx", "next", "start", "--port", "3000"]
