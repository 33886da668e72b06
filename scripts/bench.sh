#!/usr/bin/env bash
# Benchmarks the loader against psql \copy, sqlite3 .import and MariaDB's
# LOAD DATA LOCAL INFILE (`make bench`).
#
# Usage: scripts/bench.sh [N] [cmd/bench flags...]
#   N       raw rows to generate (default 1000000)
#   flags   -runs R, -cases a,b, -json FILE, -keep, -rss-n M, -seed S,
#           -api-n M (api_to_pg orders), -parquet-n M (parquet_to_pg rows),
#           -kafka-n M (kafka_to_pg messages),
#           -files K, -workers W, -processes P (files_workers_pg)
#           -rabbit-n M, -amqp URL (rabbitmq_to_pg messages and broker)
#           (go run ./cmd/bench -h lists them)
#
# Installs psql and sqlite3 with apt-get when they are missing, starts the
# local PostgreSQL cluster when the server is unreachable, builds bin/loader
# when it is missing. The server is $LOADER_TEST_DATABASE_URL, default
# postgres://127.0.0.1:5432/test?sslmode=disable; the bench works in the
# schema loader_bench, which it drops and recreates. The MariaDB case uses
# $LOADER_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306/test, and the
# database loader_bench there; the script installs the mariadb client and
# starts a local mariadbd when the server does not answer. docs/benchmarks.md
# describes the cases.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000000}
[ $# -gt 0 ] && shift
case $n in
  '' | *[!0-9]*)
    echo "bench: N must be a number of rows, got '$n'" >&2
    exit 2
    ;;
esac

GO=${GO:-go}
url=${LOADER_TEST_DATABASE_URL:-postgres://127.0.0.1:5432/test?sslmode=disable}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_clients() {
  local missing=()
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v mariadb >/dev/null || missing+=(mariadb-client)
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "bench: installing ${missing[*]}" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

redact() { sed -E 's#(://[^:/@]*):[^@]*@#\1:xxxxx@#' <<<"$1"; }

pg_up() { psql -X -q -d "$url" -c 'SELECT 1' >/dev/null 2>&1; }

ensure_postgres() {
  pg_up && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    local version
    version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n1)
    echo "bench: PostgreSQL unreachable; starting cluster $version/main" >&2
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 30); do
      pg_up && return 0
      sleep 1
    done
  fi
  echo "bench: PostgreSQL at $(redact "$url") is unreachable: start it or set LOADER_TEST_DATABASE_URL" >&2
  exit 1
}

maria_up() { mariadb-admin --protocol=TCP -uroot -h127.0.0.1 ping >/dev/null 2>&1; }

# ensure_mariadb starts the local server when the default URL is used and
# it does not answer; a server named by LOADER_TEST_MYSQL_URL is left alone.
ensure_mariadb() {
  [ -z "${LOADER_TEST_MYSQL_URL:-}" ] || return 0
  maria_up && return 0
  if [ -x /usr/sbin/mariadbd ]; then
    echo "bench: MariaDB unreachable; starting mariadbd" >&2
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 30); do
      maria_up && return 0
      sleep 1
    done
  fi
  echo "bench: MariaDB at 127.0.0.1:3306 is unreachable: start it, set LOADER_TEST_MYSQL_URL, or leave out the case with -cases" >&2
  exit 1
}

install_clients
ensure_postgres
case " $* " in
  *" -cases "*) [[ " $* " == *csv_to_mariadb* ]] && ensure_mariadb ;;
  *) ensure_mariadb ;;
esac
[ -x bin/loader ] || make build

export LOADER_TEST_DATABASE_URL=$url
CGO_ENABLED=1 exec "$GO" run ./cmd/bench -n "$n" -loader bin/loader "$@"
