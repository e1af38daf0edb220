#!/usr/bin/env bash
# Labelled live-capture evaluation of the capture agent and the shipped header28 models (issue 14, "quiet on
# normal traffic"). In a private network namespace (loopback only) it runs normal services and clients and three
# attack tools, each from its own source address (scripts/lib/eval-capture-traffic.sh), captures with the agent
# (--netns, --out-file) and with tcpdump (the pcap, to repeat the analysis offline), scores the records offline
# with `score` and prints per class the share flagged: the false-positive rate on normal connections and, per
# attack tool, the share detected and whether its source is identified by majority vote. Exit 0 when normal
# stays at or under 0.5 % and every attack source is identified.
#
#   scripts/eval-capture.sh [--out DIR] [--models DIR]          live run (root: network namespaces, raw capture)
#   scripts/eval-capture.sh --pcap FILE [--out DIR] [--models DIR]   replay a saved capture instead
# EVAL_DURATION (s, default 100) and EVAL_RATE (HTTP connections/s, default 8) size the normal traffic;
# EVAL_ATTACKS=0 runs the normal traffic alone (a baseline window: see `train-baseline`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT="$ROOT/SecureWatch.CaptureAgent/bin/Release/net10.0/SecureWatch.CaptureAgent.dll"
APP="$ROOT/SecureWatch.Functions/bin/Release/net10.0/SecureWatch.Functions.dll"
OUT="${TMPDIR:-/tmp}/securewatch-eval-capture"
PCAP=""
MODELS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --pcap) PCAP="$2"; shift 2 ;;
    --models) MODELS=(--models "$2"); shift 2 ;;
    *) echo "usage: $0 [--pcap FILE] [--out DIR] [--models DIR]" >&2; exit 2 ;;
  esac
done
for dll in "$AGENT" "$APP"; do
  [ -f "$dll" ] || { echo "$dll is missing: dotnet build SecureWatch.slnx -c Release" >&2; exit 2; }
done
mkdir -p "$OUT"
RECORDS="$OUT/records.jsonl"
rm -f "$RECORDS"

if [ -n "$PCAP" ]; then
  dotnet "$AGENT" --pcap "$PCAP" --out-file "$RECORDS" --summary-file "$OUT/summary.json" --stats-interval 3600 2>"$OUT/agent.log"
else
  NETNS="sw-eval-$$"
  ip netns add "$NETNS"
  AGENT_PID=""; DUMP_PID=""
  cleanup() {
    [ -n "$AGENT_PID" ] && kill -TERM "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null
    [ -n "$DUMP_PID" ] && kill -TERM "$DUMP_PID" 2>/dev/null && wait "$DUMP_PID" 2>/dev/null
    ip netns del "$NETNS" 2>/dev/null || true
  }
  trap cleanup EXIT
  ip -n "$NETNS" link set lo up
  PCAP="$OUT/eval.pcap"
  ip netns exec "$NETNS" tcpdump -i lo -n -s 0 -w "$PCAP" 2>"$OUT/tcpdump.log" &
  DUMP_PID=$!
  dotnet "$AGENT" --interface lo --netns "$NETNS" --out-file "$RECORDS" --summary-file "$OUT/summary.json" \
    --stats-interval 3600 2>"$OUT/agent.log" &
  AGENT_PID=$!
  sleep 3
  ip netns exec "$NETNS" bash "$ROOT/scripts/lib/eval-capture-traffic.sh"
  sleep 3   # the last RST/FIN wait (--rst-timeout 2 s) passes; the rest is flushed at shutdown
  kill -TERM "$AGENT_PID"; wait "$AGENT_PID" || true; AGENT_PID=""
  kill -TERM "$DUMP_PID"; wait "$DUMP_PID" || true; DUMP_PID=""
  echo "pcap saved: $PCAP (repeat offline: $0 --pcap $PCAP)"
fi

dotnet "$APP" score --input "$RECORDS" --explain "${MODELS[@]}" >"$OUT/scored.jsonl"
echo "records: $(wc -l <"$RECORDS"), scored: $OUT/scored.jsonl"
python3 "$ROOT/scripts/lib/eval-capture-report.py" "$OUT/scored.jsonl"
