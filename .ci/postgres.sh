#!/usr/bin/env bash
# PostgreSQL for the storage tests: install Debian's server if missing, start a private cluster
# on 127.0.0.1 at a free port (the machine's own clusters are left alone), create a user and a
# database, and export GROUNDWORK_TEST_POSTGRES_URL. Sourced by .ci/run; stop it with
# groundwork_pg_stop (.ci/run does that on exit). Run directly, it prints the export line and
# leaves the server running: eval "$(.ci/postgres.sh)".
set -euo pipefail

groundwork_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(groundwork_pg_bin)" ] || [ ! -x "$(groundwork_pg_bin)/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Debian's package creates and starts a default cluster on 5432; ours is separate.
    apt-get install -y -qq postgresql >/dev/null
fi
GROUNDWORK_PG_BIN="$(groundwork_pg_bin)"
GROUNDWORK_PG_DIR="$(mktemp -d /tmp/groundwork-pg.XXXXXX)"
GROUNDWORK_PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
GROUNDWORK_PG_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"

if [ "$(id -u)" = 0 ]; then
    chown postgres: "$GROUNDWORK_PG_DIR"
    groundwork_pg_as() { runuser -u postgres -- "$@"; }
else
    groundwork_pg_as() { "$@"; }
fi

groundwork_pg_stop() {
    groundwork_pg_as "$GROUNDWORK_PG_BIN/pg_ctl" -D "$GROUNDWORK_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$GROUNDWORK_PG_DIR"
}

groundwork_pg_as "$GROUNDWORK_PG_BIN/initdb" -D "$GROUNDWORK_PG_DIR/data" -U postgres \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
groundwork_pg_as "$GROUNDWORK_PG_BIN/pg_ctl" -D "$GROUNDWORK_PG_DIR/data" -l "$GROUNDWORK_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $GROUNDWORK_PG_PORT -c unix_socket_directories=$GROUNDWORK_PG_DIR" \
    start >/dev/null
groundwork_pg_as "$GROUNDWORK_PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h "$GROUNDWORK_PG_DIR" -p "$GROUNDWORK_PG_PORT" \
    -U postgres -d postgres <<SQL
CREATE ROLE groundwork LOGIN PASSWORD '$GROUNDWORK_PG_PASSWORD';
CREATE DATABASE groundwork_test OWNER groundwork;
SQL
export GROUNDWORK_TEST_POSTGRES_URL="postgresql+psycopg://groundwork:$GROUNDWORK_PG_PASSWORD@127.0.0.1:$GROUNDWORK_PG_PORT/groundwork_test"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    echo "export GROUNDWORK_TEST_POSTGRES_URL='$GROUNDWORK_TEST_POSTGRES_URL'"
    echo "# stop: runuser -u postgres -- $GROUNDWORK_PG_BIN/pg_ctl -D $GROUNDWORK_PG_DIR/data stop" >&2
fi
