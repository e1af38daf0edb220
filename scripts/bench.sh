#!/usr/bin/env bash
# Runs the SecureWatch benchmarks (outside CI: they take minutes and want an idle machine).
#   scripts/bench.sh                       every BenchmarkDotNet suite, then the latency runs at 5,000 and 1,000 msg/s
#   scripts/bench.sh --filter '*Whitelist*' BenchmarkDotNet only, arguments passed on
#   scripts/bench.sh latency [--rate N ...] the latency runs only; with options, one run with those options
#   scripts/bench.sh capture [--kafka]     the capture agent's whole-process pcap replay to JSON lines against
#                                          `tcpdump -nr` of the same file (3 runs each, median); with --kafka also
#                                          records/s delivered to the embedded Kafka cluster
#   scripts/bench.sh logs                  log-stream push latency, produce -> SignalR client, 1,000 msg/s over the
#                                          seven topics (p50/p99/max)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$SECUREWATCH_ROOT"

ensure_packages "${SECUREWATCH_PACKAGES[@]}"
ensure_dotnet

if [ "${1:-}" = capture ]; then
  shift
  source "$(dirname "$0")/lib/bench-capture.sh"
  bench_capture "$@"
  exit 0
fi

start_postgres "${SECUREWATCH_BENCH_PG_PORT:-55442}" pg-bench
export SECUREWATCH_BENCH_DB="Host=127.0.0.1;Port=${SECUREWATCH_BENCH_PG_PORT:-55442};Username=postgres;Password=$PG_SUPERUSER_PASSWORD"

bench() { dotnet run -c Release --project tests/SecureWatch.Benchmarks -- "$@"; }

# The host runs with server GC in production (the Web SDK default); the benchmark executable would not.
latency() { DOTNET_gcServer=1 bench latency "$@"; }

latency_defaults() {
  latency --rate 5000 --seconds 30 --warmup 5 --topic
  latency --rate 1000 --seconds 30 --warmup 5 --topic
}

logs() {
  SECUREWATCH_BENCH=1 SECUREWATCH_TEST_PG="$SECUREWATCH_BENCH_DB;Include Error Detail=true" \
    dotnet test tests/SecureWatch.Functions.Tests -c Release --filter "FullyQualifiedName~LogPushLatencyBench" \
    --logger "console;verbosity=detailed" | grep -E "log push latency|Passed!|Failed!"
}

if [ "${1:-}" = logs ]; then
  logs
elif [ "${1:-}" = latency ]; then
  shift
  if [ $# -eq 0 ]; then latency_defaults; else latency "$@"; fi
elif [ $# -eq 0 ]; then
  bench --filter '*'
  latency_defaults
  logs
else
  bench "$@"
fi
