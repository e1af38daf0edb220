#!/usr/bin/env bash
# Runs the SecureWatch benchmarks (outside CI: they take minutes and want an idle machine).
# Extra arguments go to BenchmarkDotNet, e.g. scripts/bench.sh --filter '*Whitelist*'.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$SECUREWATCH_ROOT"

ensure_packages "${SECUREWATCH_PACKAGES[@]}"
ensure_dotnet
start_postgres "${SECUREWATCH_BENCH_PG_PORT:-55442}" pg-bench
export SECUREWATCH_BENCH_DB="Host=127.0.0.1;Port=${SECUREWATCH_BENCH_PG_PORT:-55442};Username=postgres;Password=$PG_SUPERUSER_PASSWORD"

filter=("$@")
[ ${#filter[@]} -eq 0 ] && filter=(--filter '*')
dotnet run -c Release --project tests/SecureWatch.Benchmarks -- "${filter[@]}"
