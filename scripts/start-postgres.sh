#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the tests (Debian's postgresql packages),
# unless one is already listening, and prints the URL of its test database on stdout.
# The server runs as the 'postgres' user (PostgreSQL refuses root) with its data in /tmp. It takes
# 500 connections: the app suites run in parallel, each test with its own connection pool, and the
# default 100 ran out ("too many clients") on a loaded run.
set -euo pipefail
port=${FILESHARE_TEST_PG_PORT:-54329}
data=/tmp/tenkai-pg-$port
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
    echo "start-postgres: PostgreSQL is not installed; run scripts/setup.sh (Debian package postgresql)" >&2
    exit 1
fi
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data" && chown postgres "$data"
        as_postgres "$bindir/initdb" -D "$data" -U postgres --auth=trust >/dev/null
    fi
    as_postgres "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=500" start >/dev/null
fi
# Members of the role password_login must log in with a password (SCRAM), as every login on RDS
# must; everyone else keeps trust. The credential-rotation tests make such roles.
psql_admin() { as_postgres "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAq "$@"; }
hba=$(psql_admin -c "SHOW hba_file")
if ! grep -q '+password_login' "$hba"; then
    as_postgres sed -i '1i host all +password_login 127.0.0.1/32 scram-sha-256' "$hba"
    psql_admin -c "SELECT pg_reload_conf()" >/dev/null
fi
psql_admin -c "DO \$\$ BEGIN CREATE ROLE password_login NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null
as_postgres "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='fileshare_test'" | grep -q 1 \
  || as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres fileshare_test
echo "postgres://postgres@127.0.0.1:$port/fileshare_test"
