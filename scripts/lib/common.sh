# Shared by the SecureWatch scripts: package installation and a private PostgreSQL cluster.
# Sourced, not run. Expects `set -euo pipefail` in the caller.

SECUREWATCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECUREWATCH_STATE="${SECUREWATCH_STATE:-/var/tmp/securewatch}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf '[securewatch] %s\n' "$*" >&2; }

# Installs the Debian packages that are not installed yet (one apt-get update, only when needed).
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing packages: ${missing[*]}; run as root or install them first"; return 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    log "the .NET 10 SDK is required (dotnet not found on PATH)"; return 1
  fi
  local major
  major="$(dotnet --version | cut -d. -f1)"
  if [ "$major" -lt 10 ]; then
    log "the .NET 10 SDK is required (found $(dotnet --version))"; return 1
  fi
}

# start_postgres PORT NAME: a private cluster under $SECUREWATCH_STATE/NAME listening on 127.0.0.1:PORT only.
# Superuser "postgres" authenticates with $PG_SUPERUSER_PASSWORD (generated once and kept beside the cluster).
start_postgres() {
  local port="$1" name="$2"
  local dir="$SECUREWATCH_STATE/$name"
  mkdir -p "$SECUREWATCH_STATE"
  chmod 755 "$SECUREWATCH_STATE"
  if [ ! -s "$dir/PG_VERSION" ]; then
    log "creating PostgreSQL cluster in $dir"
    mkdir -p "$dir"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$SECUREWATCH_STATE/$name.password"
    chown postgres:postgres "$dir" "$SECUREWATCH_STATE/$name.password"
    chmod 700 "$dir"
    chmod 600 "$SECUREWATCH_STATE/$name.password"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -U postgres --auth=scram-sha-256 \
      --pwfile="$SECUREWATCH_STATE/$name.password" -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
fsync = ${PG_FSYNC:-on}
CONF
  fi
  PG_SUPERUSER_PASSWORD="$(cat "$SECUREWATCH_STATE/$name.password")"
  export PG_SUPERUSER_PASSWORD
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$port"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null
  fi
}

stop_postgres() {
  local name="$1"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SECUREWATCH_STATE/$name" -m fast -w stop >/dev/null 2>&1 || true
}

# Native libraries and tools the services and tests use. librdkafka is not among them: it comes with the
# librdkafka.redist NuGet package (see SecureWatch.Core/Kafka/LibrdkafkaLoader.cs).
# nmap, hping3 and iputils-ping make run.sh's demo attacks and pings in the capture namespace.
SECUREWATCH_PACKAGES=(postgresql-15 libpcap0.8 ca-certificates curl iproute2 openssl python3 nmap hping3 iputils-ping)
# nodejs runs the SignalR JavaScript client and Playwright's driver; chromium is the browser of the UI tests.
SECUREWATCH_TEST_PACKAGES=(tcpdump tshark nmap hping3 python3 nodejs chromium)
