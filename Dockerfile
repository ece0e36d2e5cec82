# The Taizhang API. Built and run on the node:24 image, so the Node 24 that the project otherwise
# pins inside node_modules is the system one here.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
# Only what the build reads: a host's node_modules, data/ or dist/ must never leak into the image.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY projections ./projections
COPY schema ./schema
COPY bin ./bin
# The web console and the GraphQL IDE (Vite), whose example tabs are the README's queries.
COPY web ./web
COPY README.md ./
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# package.json and schema/ mark the project root, where the GraphQL SDL is read at start.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY --from=build /app/bin ./bin
# Read models and the token signing key live in DATA_DIR: one volume per replica.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
