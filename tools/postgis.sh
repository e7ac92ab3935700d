#!/usr/bin/env bash
# A PostgreSQL + PostGIS server owned by the project: data in data/postgis/, listening on a Unix socket there
# (no TCP port unless STRIKE_ATLAS_PG_LISTEN is set, e.g. 127.0.0.1). Prints the server's postgresql:// URL as
# its last line.
#
#   tools/postgis.sh          install (Debian, as root) if missing, initialise, start, create the database
#   tools/postgis.sh --url    only print the URL (the server must be running)
#   tools/postgis.sh stop     stop the server (the data stays)
#
# Idempotent: a second run finds the cluster, starts it if it is not running and prints the URL again.
# As root the cluster belongs to the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="$(pwd)/data/postgis"
PGDATA="$DIR/cluster"
PORT="${STRIKE_ATLAS_PG_PORT:-55432}"
LISTEN="${STRIKE_ATLAS_PG_LISTEN:-}"
DB="${STRIKE_ATLAS_PG_DATABASE:-strike_atlas}"
ROLE=strike_atlas
PG_MAJOR=15
PGBIN="/usr/lib/postgresql/$PG_MAJOR/bin"
POSTGIS_CONTROL="/usr/share/postgresql/$PG_MAJOR/extension/postgis.control"

url() { echo "postgresql://$ROLE@/$DB?host=$DIR&port=$PORT"; }
say() { echo "postgis: $*" >&2; }

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--url" ]; then
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 || { say "not running: run 'make postgis'"; exit 1; }
  url
  exit 0
fi
if [ "${1:-}" = "stop" ]; then
  if [ -f "$PGDATA/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >&2; fi
  exit 0
fi

# 1. Install Debian's PostgreSQL and PostGIS when missing.
if [ ! -x "$PGBIN/initdb" ] || [ ! -f "$POSTGIS_CONTROL" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "installing postgresql and postgresql-$PG_MAJOR-postgis-3 (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    pkgs=(postgresql "postgresql-$PG_MAJOR-postgis-3")
    apt-get install -y -qq "${pkgs[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${pkgs[@]}" >/dev/null; }
  else
    say "PostgreSQL $PG_MAJOR with PostGIS 3 is not installed. On Debian/Ubuntu:"
    say "  sudo apt-get install postgresql postgresql-$PG_MAJOR-postgis-3"
    say "or point --store / STRIKE_ATLAS_STORE at an existing PostGIS (README: 'A shared PostGIS store')."
    exit 1
  fi
fi

# 2. The cluster, once.
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then
  # The server runs as `postgres`: it must reach data/postgis/ (search permission on every parent).
  d="$DIR"
  while [ "$d" != / ]; do
    d="$(dirname "$d")"
    runuser -u postgres -- test -x "$d" 2>/dev/null || { say "granting o+x on $d so the postgres user reaches $DIR"; chmod o+x "$d"; }
  done
  chown postgres:postgres "$DIR"
fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  say "initialising a cluster in $PGDATA"
  # Local connections only (socket and loopback), trusted: the server is the project's, like its files.
  as_owner "$PGBIN/initdb" -D "$PGDATA" -U "$ROLE" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  {
    echo "# strike atlas (tools/postgis.sh)"
    echo "port = $PORT"
    echo "unix_socket_directories = '$DIR'"
    echo "listen_addresses = '$LISTEN'"
    echo "max_wal_size = 2GB"           # a 1M-event import is one transaction: no checkpoint in the middle
    echo "shared_buffers = 256MB"
    echo "wal_compression = lz4"
  } | as_owner tee -a "$PGDATA/postgresql.conf" >/dev/null
fi

# 3. Running?
if ! as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  say "starting the server (log: $DIR/server.log)"
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$DIR/server.log" -w -t 60 start >/dev/null
fi

# 4. The database and the extension.
psql_() { PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -h "$DIR" -p "$PORT" -U "$ROLE" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_ -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  psql_ -d postgres -c "CREATE DATABASE \"$DB\""
fi
psql_ -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
say "$(psql_ -d "$DB" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', PostGIS ' || postgis_lib_version()")"
url
