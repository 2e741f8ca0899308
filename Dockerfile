# Multi-stage build: the web app with Node, the static Go binary, a small runtime image.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS go
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/pingan ./cmd/pingan && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=go /out/pingan /pingan
# the embedded store's files, writable by the non-root user (unused when PINGAN_MONGO_URI is set)
COPY --from=go --chown=65532:65532 /out/data /data
VOLUME /data
ENV PINGAN_ADDR=0.0.0.0:8080 PINGAN_DATA_DIR=/data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/pingan"]
CMD ["serve"]
