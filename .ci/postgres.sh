#!/usr/bin/env bash
# Provides a local PostgreSQL for the storage conformance tests (Broker.Tests/Storage/PostgresStoreTests).
#
# Installs PostgreSQL from Debian's packages when it is absent (needs root), creates and starts the newest
# installed cluster, creates the role `broker` and the database `broker_test` reachable on 127.0.0.1, and prints
#   export BROKER_TEST_POSTGRES='Host=127.0.0.1;Port=...;Username=broker;Password=...;Database=broker_test'
# as its last stdout line; everything else goes to stderr, so callers can do
#   eval "$(bash .ci/postgres.sh | tail -1)"
# Safe to run again: every step checks before it acts.
set -euo pipefail

role=broker
database=broker_test
# A throw-away password for a test database that only listens on loopback.
password="${BROKER_TEST_POSTGRES_PASSWORD:-broker-test-only}"

log() { echo "postgres.sh: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

as_postgres() { runuser -u postgres -- "$@"; }

installed_version() {
    if [ -d /etc/postgresql ]; then
        ls /etc/postgresql | sort -V | tail -1
    fi
}

version="$(installed_version)"
if [ -z "$version" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if ! is_root; then
        log "PostgreSQL is not installed and installing it needs root"
        exit 1
    fi
    log "installing PostgreSQL from Debian packages (CI=${CI:-})"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    version="$(installed_version)"
fi

if [ -z "$version" ]; then
    log "no PostgreSQL version found in /etc/postgresql after installation"
    exit 1
fi

if is_root; then
    if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
        log "creating cluster $version/main"
        pg_createcluster "$version" main >&2
    fi

    if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
        log "starting cluster $version/main"
        pg_ctlcluster "$version" main start >&2
    fi
fi

port="$(pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
port="${port:-5432}"

ready=0
for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
        ready=1
        break
    fi
    sleep 0.5
done
if [ "$ready" -ne 1 ]; then
    log "PostgreSQL $version did not accept connections on 127.0.0.1:$port within 30 s"
    exit 1
fi

if is_root; then
    as_postgres psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres \
        -v role="$role" -v password="$password" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'password') \gexec
SQL
    if [ "$(as_postgres psql -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
        log "creating database $database"
        as_postgres createdb -p "$port" -O "$role" "$database" >&2
    fi
fi

if ! PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -c 'SELECT 1' >/dev/null 2>&1; then
    log "cannot connect to $database on 127.0.0.1:$port as $role"
    exit 1
fi

log "PostgreSQL $version ready on 127.0.0.1:$port, database $database"
echo "export BROKER_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$database'"
