#!/bin/sh
# First start on an empty volume: initdb, a password for the superuser, the application's database and user, and
# the vector extension in it (only a superuser may create it; the api's migration then finds it there).
# Every start: PostgreSQL in the foreground, listening on all interfaces with scram-sha-256 passwords.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (the superuser password)}"
db=${POSTGRES_DB:-parley}
user=${POSTGRES_USER:-parley}
: "${POSTGRES_USER_PASSWORD:?set POSTGRES_USER_PASSWORD (the password of $user)}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /run/postgresql" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -h /run/postgresql -U postgres -d postgres -q \
    -v user="$user" -v pass="$POSTGRES_USER_PASSWORD" -v db="$db" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pass';
CREATE DATABASE :"db" OWNER :"user";
\connect :"db"
CREATE EXTENSION IF NOT EXISTS vector;
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "parley-postgres: initialised database $db for $user (pgvector enabled)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -k /run/postgresql "$@"
