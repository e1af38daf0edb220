#!/usr/bin/env bash
# Brings SecureWatch up on this machine: installs what is missing, starts a private PostgreSQL,
# builds, and runs the standalone host on http://127.0.0.1:7071 until interrupted.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$SECUREWATCH_ROOT"

PORT="${SECUREWATCH_PG_PORT:-55440}"
ensure_packages "${SECUREWATCH_PACKAGES[@]}"
ensure_dotnet
start_postgres "$PORT" pg-run

# An application role and database, created once; the password is kept beside the cluster.
APP_PASSWORD_FILE="$SECUREWATCH_STATE/securewatch-db.password"
if [ ! -s "$APP_PASSWORD_FILE" ]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$APP_PASSWORD_FILE"
  chmod 600 "$APP_PASSWORD_FILE"
fi
APP_PASSWORD="$(cat "$APP_PASSWORD_FILE")"
psql_admin() { PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'securewatch'")" ]; then
  psql_admin -c "CREATE ROLE securewatch LOGIN PASSWORD '$APP_PASSWORD'"
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'securewatch'")" ]; then
  psql_admin -c "CREATE DATABASE securewatch OWNER securewatch"
fi

# The admin key is generated once and reused, so clients keep working across restarts.
ADMIN_KEY_FILE="$SECUREWATCH_STATE/admin.key"
if [ ! -s "$ADMIN_KEY_FILE" ]; then
  openssl rand -hex 24 > "$ADMIN_KEY_FILE"
  chmod 600 "$ADMIN_KEY_FILE"
fi
export SECUREWATCH_ADMIN_KEY="${SECUREWATCH_ADMIN_KEY:-$(cat "$ADMIN_KEY_FILE")}"
export ConnectionStrings__SecureWatch="Host=127.0.0.1;Port=$PORT;Database=securewatch;Username=securewatch;Password=$APP_PASSWORD"

log "building"
dotnet build SecureWatch.Functions -c Release --verbosity quiet -nologo

cat >&2 <<MSG

  SecureWatch API:  http://127.0.0.1:7071/api/v1/health
  Admin key:        $SECUREWATCH_ADMIN_KEY   (header x-functions-key; kept in $ADMIN_KEY_FILE)
  Try:              curl -H "x-functions-key: $SECUREWATCH_ADMIN_KEY" http://127.0.0.1:7071/api/v1/config/sources

MSG
exec dotnet SecureWatch.Functions/bin/Release/net10.0/SecureWatch.Functions.dll "$@"
