# syntax=docker/dockerfile:1
# The loader image. Build it with `docker build -t warehouse-loader .`, or
# let `docker compose up --build` do it (docker-compose.yml).

# ---- build ----------------------------------------------------------------
# CGO_ENABLED=1: SQLite comes from github.com/mattn/go-sqlite3, which compiles
# SQLite's C sources into the binary with cgo. The result is linked
# dynamically against the builder's glibc (Debian 12 "bookworm"), so the
# runtime stage must be a glibc-based Debian 12 image as well
# (debian:bookworm-slim here; gcr.io/distroless/base-debian12 would also do).
# Alpine (musl), scratch and distroless/static cannot run it.
FROM golang:1.26-bookworm AS build
WORKDIR /src
# Dependencies first, so this layer stays cached until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
    -o /out/loader ./cmd/loader

# ---- run ------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: for PostgreSQL connections with sslmode=verify-full.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 loader \
    && useradd --system --uid 10001 --gid loader --home-dir /data --no-log-init loader \
    && mkdir /data \
    && chown loader:loader /data
COPY --from=build /out/loader /usr/local/bin/loader
# The migrations are embedded in the binary. The demo needs its pipeline
# file and sample data; paths in pipelines.yaml are relative to the file.
WORKDIR /app
COPY pipelines.yaml ./
COPY testdata/ ./testdata/
ENV LOADER_PIPELINES=/app/pipelines.yaml \
    LOADER_DATABASE_URL=sqlite:///data/warehouse.db
USER 10001:10001
# `loader serve --addr 0.0.0.0:8080` (docker-compose.yml's serve service);
# its health check is `loader healthcheck`, as the image has no curl.
EXPOSE 8080
CMD ["loader", "--help"]
