#!/usr/bin/env bash
# Brings SecureWatch up on this machine: installs what is missing, starts a private PostgreSQL,
# builds, and runs the standalone host on http://127.0.0.1:7071 until interrupted. Without
# Kafka__BootstrapServers the host runs its embedded Kafka; a demo provider (the produce command,
# whitelisted as 127.0.0.1) then sends a few records per second so that live traffic shows at once.
# It also replays the sample logs into the seven log-stream topics (produce-logs). Run as root, it also starts the
# capture agent, following the API's packet_capture source (enabled here), in a private network namespace where
# scripts/lib/demo-capture.sh makes normal traffic and, every few minutes, an attack.
# SECUREWATCH_DEMO_RATE=0 turns every demo source off (provider, log producer, agent and its namespace).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo-capture-host.sh"
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
# The key is never printed (terminals and CI logs are kept): the banner says where it is.
if [ -n "${SECUREWATCH_ADMIN_KEY:-}" ]; then
  ADMIN_KEY_SOURCE="the SECUREWATCH_ADMIN_KEY you exported"
  ADMIN_KEY_READ='$SECUREWATCH_ADMIN_KEY'
else
  SECUREWATCH_ADMIN_KEY="$(cat "$ADMIN_KEY_FILE")"
  ADMIN_KEY_SOURCE="$ADMIN_KEY_FILE"
  ADMIN_KEY_READ="\$(cat $ADMIN_KEY_FILE)"
fi
export SECUREWATCH_ADMIN_KEY
# The analyst key (triage alerts, read everything) likewise; only its file is printed.
ANALYST_KEY_FILE="$SECUREWATCH_STATE/analyst.key"
if [ ! -s "$ANALYST_KEY_FILE" ]; then
  openssl rand -hex 24 > "$ANALYST_KEY_FILE"
  chmod 600 "$ANALYST_KEY_FILE"
fi
export SECUREWATCH_ANALYST_KEY="${SECUREWATCH_ANALYST_KEY:-$(cat "$ANALYST_KEY_FILE")}"
# The capture agent's key (agent role: reads the packet_capture source and reports heartbeats, nothing else).
AGENT_KEY_FILE="$SECUREWATCH_STATE/agent.key"
if [ ! -s "$AGENT_KEY_FILE" ]; then
  openssl rand -hex 24 > "$AGENT_KEY_FILE"
  chmod 600 "$AGENT_KEY_FILE"
fi
export SECUREWATCH_AGENT_KEY="${SECUREWATCH_AGENT_KEY:-$(cat "$AGENT_KEY_FILE")}"
export ConnectionStrings__SecureWatch="Host=127.0.0.1;Port=$PORT;Database=securewatch;Username=securewatch;Password=$APP_PASSWORD"

# Key that encrypts provider signing secrets at rest, generated once like the admin key.
SECRETS_KEY_FILE="$SECUREWATCH_STATE/secrets.key"
if [ ! -s "$SECRETS_KEY_FILE" ]; then
  openssl rand -base64 32 > "$SECRETS_KEY_FILE"
  chmod 600 "$SECRETS_KEY_FILE"
fi
export SECUREWATCH_SECRETS_KEY="${SECUREWATCH_SECRETS_KEY:-$(cat "$SECRETS_KEY_FILE")}"
# The embedded Kafka's address is written here for the produce command and other local clients.
export SecureWatch__DataDirectory="${SecureWatch__DataDirectory:-$SECUREWATCH_STATE/data}"

log "building"
dotnet build SecureWatch.Functions -c Release --verbosity quiet -nologo
dotnet build SecureWatch.CaptureAgent -c Release --verbosity quiet -nologo

APP=SecureWatch.Functions/bin/Release/net10.0/SecureWatch.Functions.dll
AGENT=SecureWatch.CaptureAgent/bin/Release/net10.0/SecureWatch.CaptureAgent.dll
API=http://127.0.0.1:7071
DEMO_RATE="${SECUREWATCH_DEMO_RATE:-5}"

dotnet "$APP" "$@" &
HOST_PID=$!
PRODUCER_PID=""
LOG_PRODUCER_PID=""
stop_all() {
  [ -n "$PRODUCER_PID" ] && kill "$PRODUCER_PID" 2>/dev/null || true
  [ -n "$LOG_PRODUCER_PID" ] && kill "$LOG_PRODUCER_PID" 2>/dev/null || true
  stop_demo_capture
  kill "$HOST_PID" 2>/dev/null || true
  wait "$HOST_PID" 2>/dev/null || true
}
trap stop_all EXIT INT TERM

log "waiting for the host"
for _ in $(seq 1 120); do
  curl -fs "$API/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$HOST_PID" 2>/dev/null || { log "the host exited during start-up"; exit 1; }
  sleep 0.5
done

# The key header is read from stdin so that it does not appear in the process list.
api() { curl -s -o /dev/null -w '%{http_code}' -H @- -H 'content-type: application/json' "$@" <<<"x-functions-key: $SECUREWATCH_ADMIN_KEY"; }
if [ "$DEMO_RATE" != "0" ] && [ -z "${Kafka__BootstrapServers:-}" ]; then
  # Idempotent: a second run finds the source enabled and 127.0.0.1 already whitelisted (409).
  api -X PATCH -d '{"is_enabled": true}' "$API/api/v1/config/sources/external_kafka" >/dev/null
  # External providers must sign (require_signature is on by default): the demo provider gets a secret of its own,
  # generated once; an entry left by an earlier run without it is given the secret.
  DEMO_SECRET_FILE="$SECUREWATCH_STATE/demo-provider.secret"
  if [ ! -s "$DEMO_SECRET_FILE" ]; then
    openssl rand -hex 24 > "$DEMO_SECRET_FILE"
    chmod 600 "$DEMO_SECRET_FILE"
  fi
  DEMO_SECRET="$(cat "$DEMO_SECRET_FILE")"
  status=$(api -d "{\"ip_address\": \"127.0.0.1\", \"description\": \"local demo provider\", \"signing_secret\": \"$DEMO_SECRET\"}" \
    "$API/api/v1/config/whitelist")
  if [ "$status" = "409" ]; then
    entry=$(curl -s -H @- "$API/api/v1/config/whitelist" <<<"x-functions-key: $SECUREWATCH_ADMIN_KEY" | python3 -c '
import json, sys
print(next((e["id"] for e in json.load(sys.stdin) if e["ip_address"].split("/")[0] == "127.0.0.1"), ""))')
    [ -n "$entry" ] && api -X PATCH -d "{\"signing_secret\": \"$DEMO_SECRET\", \"is_active\": true}" \
      "$API/api/v1/config/whitelist/$entry" >/dev/null
  fi
  dotnet "$APP" produce --sender-ip 127.0.0.1 --secret "$DEMO_SECRET" --source-hosts 24 --rate "$DEMO_RATE" --topic external-traffic \
    >"$SECUREWATCH_STATE/demo-producer.log" 2>&1 &
  PRODUCER_PID=$!
  log "demo provider sending $DEMO_RATE records/s to external-traffic (log: $SECUREWATCH_STATE/demo-producer.log)"

  # The seven log streams: the shipped samples (planted incidents included) replayed forever at the demo rate per topic.
  api -X PATCH -d '{"is_enabled": true}' "$API/api/v1/config/sources/log_streams" >/dev/null
  dotnet "$APP" produce-logs --rate "$DEMO_RATE" --cycles 0 >"$SECUREWATCH_STATE/demo-log-producer.log" 2>&1 &
  LOG_PRODUCER_PID=$!
  log "log producer replaying the sample logs at $DEMO_RATE records/s per topic (log: $SECUREWATCH_STATE/demo-log-producer.log)"
fi

if [ "$DEMO_RATE" != "0" ]; then
  if [ "$(id -u)" = "0" ]; then
    # The agent is a separate process that reaches the API and Kafka from the root namespace and captures in the demo one.
    start_demo_capture "$API" "$AGENT" "$DEMO_RATE"
  else
    log "not root: the capture agent and its demo namespace are not started (they need CAP_NET_RAW and CAP_SYS_ADMIN)"
  fi
fi

cat >&2 <<MSG

  SecureWatch API:  $API/api/v1/health
  Admin key:        kept in $ADMIN_KEY_SOURCE (send it in the x-functions-key header)
  Analyst key:      kept in $ANALYST_KEY_FILE
  Agent key:        kept in $AGENT_KEY_FILE (capture agents: GET $API/api/v1/agents)
  Kafka bootstrap:  $(cat "$SecureWatch__DataDirectory/kafka-bootstrap" 2>/dev/null || echo "${Kafka__BootstrapServers:-unknown}")
  Try:              curl -H "x-functions-key: $ADMIN_KEY_READ" $API/api/v1/config/sources

MSG
wait "$HOST_PID"
