#!/usr/bin/env bash
# Starts this machine's PostgreSQL (Debian's packaging) and makes sure the role and database "relaybridge" exist
# with the password in $RELAYBRIDGE_DB_PASSWORD; prints the port it listens on. Used by .ci/run and
# cluster/start.sh. Needs root (or sudo) for the postgres user.
set -euo pipefail
: "${RELAYBRIDGE_DB_PASSWORD:?set RELAYBRIDGE_DB_PASSWORD}"

as_postgres() {
  # from / : the postgres user may not enter the checkout
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -u postgres -- "$@"); fi
}
pg_version=$(pg_lsclusters -h | awk '$2 == "main" { print $1; exit }')
if [ -z "$pg_version" ]; then
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$pg_version" main >&2
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3; exit }')
pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $4 }' | grep -q online \
  || pg_ctlcluster "$pg_version" main start >&2
as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$pg_port" -v pw="$RELAYBRIDGE_DB_PASSWORD" <<'SQL' >&2
SELECT 'CREATE ROLE relaybridge LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'relaybridge') \gexec
ALTER ROLE relaybridge WITH LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE relaybridge OWNER relaybridge' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'relaybridge') \gexec
SQL
echo "$pg_port"
