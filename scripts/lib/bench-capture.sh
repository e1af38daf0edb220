# The capture agent against tcpdump on the same large pcap, both timed as whole processes (startup included).
# Sourced by scripts/bench.sh. The pcap (about 1.19 M packets, 377 k connections: a SYN flood with curl sessions,
# nmap scans, DNS-like UDP and pings) is generated once into $SECUREWATCH_STATE and never committed.

CAPTURE_PCAP="${SECUREWATCH_CAPTURE_PCAP:-$SECUREWATCH_STATE/capture-replay.pcap}"
# Both processes write to the same place; /dev/null by default, a file path to include the disk.
CAPTURE_OUT="${SECUREWATCH_CAPTURE_OUT:-/dev/null}"
CAPTURE_RUNS="${SECUREWATCH_CAPTURE_RUNS:-3}"

# now_ns: wall clock in nanoseconds.
now_ns() { date +%s%N; }

# median of the arguments (integers).
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# seconds NS: nanoseconds as seconds with three decimals.
seconds() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }

bench_capture() {
  local kafka=0
  [ "${1:-}" = --kafka ] && kafka=1
  ensure_packages tcpdump
  mkdir -p "$SECUREWATCH_STATE"
  dotnet build "$SECUREWATCH_ROOT/tests/SecureWatch.Benchmarks" -c Release --verbosity quiet -nologo >/dev/null
  local benchmarks="$SECUREWATCH_ROOT/tests/SecureWatch.Benchmarks/bin/Release/net10.0/SecureWatch.Benchmarks.dll"
  local agent="$SECUREWATCH_ROOT/SecureWatch.CaptureAgent/bin/Release/net10.0/SecureWatch.CaptureAgent.dll"
  if [ "${SECUREWATCH_CAPTURE_R2R:-1}" = 1 ]; then
    # The agent as it would be deployed: ReadyToRun, so that startup (part of the timed process) JITs less.
    local published="$SECUREWATCH_STATE/capture-agent-r2r"
    dotnet publish "$SECUREWATCH_ROOT/SecureWatch.CaptureAgent/SecureWatch.CaptureAgent.csproj" -c Release -r linux-x64 \
      --self-contained false -p:PublishReadyToRun=true -o "$published" --verbosity quiet -nologo >/dev/null
    agent="$published/SecureWatch.CaptureAgent.dll"
  fi
  if [ ! -s "$CAPTURE_PCAP" ]; then
    log "generating $CAPTURE_PCAP"
    dotnet "$benchmarks" capture-pcap "$CAPTURE_PCAP"
  fi

  # TZ=UTC for both: without it glibc re-reads /etc/localtime for every timestamp tcpdump prints, which would
  # flatter the agent.
  export TZ=UTC
  local summary="$SECUREWATCH_STATE/capture-bench-summary.json" tcpdump_ns=() agent_ns=() start
  for ((run = 1; run <= CAPTURE_RUNS; run++)); do
    [ "$CAPTURE_OUT" = /dev/null ] || : >"$CAPTURE_OUT"
    start=$(now_ns)
    tcpdump -nr "$CAPTURE_PCAP" >"$CAPTURE_OUT" 2>/dev/null
    tcpdump_ns+=($(($(now_ns) - start)))
    [ "$CAPTURE_OUT" = /dev/null ] || : >"$CAPTURE_OUT"
    start=$(now_ns)
    dotnet "$agent" --pcap "$CAPTURE_PCAP" --output jsonl --out-file "$CAPTURE_OUT" --summary-file "$summary" 2>/dev/null
    agent_ns+=($(($(now_ns) - start)))
    log "run $run: tcpdump $(seconds "${tcpdump_ns[-1]}") s, agent $(seconds "${agent_ns[-1]}") s"
  done

  local tcpdump_median agent_median records packets
  tcpdump_median=$(median "${tcpdump_ns[@]}")
  agent_median=$(median "${agent_ns[@]}")
  records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records_published"])' "$summary")
  packets=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packets_read"])' "$summary")
  awk -v t="$tcpdump_median" -v a="$agent_median" -v r="$records" -v p="$packets" -v runs="$CAPTURE_RUNS" -v out="$CAPTURE_OUT" 'BEGIN {
    printf "capture replay of %d packets to %s (median of %d runs):\n", p, out, runs
    printf "  tcpdump -nr       %7.3f s  %10.0f packets/s\n", t / 1e9, p / (t / 1e9)
    printf "  agent (jsonl)     %7.3f s  %10.0f packets/s  %9.0f records/s (%d records)\n", a / 1e9, p / (a / 1e9), r / (a / 1e9), r
    printf "  agent is %.2fx faster than tcpdump\n", t / a
  }'
  rm -f "$summary"

  if [ "$kafka" = 1 ]; then
    dotnet "$benchmarks" capture-kafka --pcap "$CAPTURE_PCAP" --agent "$agent" --runs "$CAPTURE_RUNS"
  fi
}
