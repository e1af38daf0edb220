# Sourced by scripts/run.sh: the capture agent and the demo namespace it captures in.
# start_demo_capture API AGENT_DLL RATE / stop_demo_capture. Needs root, SECUREWATCH_ADMIN_KEY, SECUREWATCH_AGENT_KEY.

DEMO_NETNS="${SECUREWATCH_DEMO_NETNS:-securewatch-demo}"
DEMO_AGENT_PID=""
DEMO_GENERATOR_PID=""

start_demo_capture() {
  local api="$1" agent="$2" rate="$3"
  # A namespace left by a run that was killed is replaced, with whatever still ran in it.
  ip netns del "$DEMO_NETNS" 2>/dev/null || true
  ip netns add "$DEMO_NETNS"
  ip -n "$DEMO_NETNS" link set lo up

  # The agent follows this source: capture the namespace's loopback, all IP traffic.
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H @- -H 'content-type: application/json' -X PATCH \
    -d '{"is_enabled": true, "config_params": {"interface": "lo", "bpf_filter": "ip or ip6"}}' \
    "$api/api/v1/config/sources/packet_capture" <<<"x-functions-key: $SECUREWATCH_ADMIN_KEY")
  [ "$status" = "200" ] || { log "enabling the packet_capture source failed (HTTP $status)"; return 1; }

  SECUREWATCH_API_KEY="$SECUREWATCH_AGENT_KEY" dotnet "$agent" --control-url "$api" --netns "$DEMO_NETNS" \
    --bootstrap-file "$SecureWatch__DataDirectory/kafka-bootstrap" >"$SECUREWATCH_STATE/capture-agent.log" 2>&1 &
  DEMO_AGENT_PID=$!
  # Its own process group, so that stopping it ends the servers and tools it started too.
  SECUREWATCH_DEMO_RATE="$rate" setsid ip netns exec "$DEMO_NETNS" bash "$SECUREWATCH_ROOT/scripts/lib/demo-capture.sh" \
    >"$SECUREWATCH_STATE/demo-capture.log" 2>&1 &
  DEMO_GENERATOR_PID=$!
  log "capture agent following packet_capture in namespace $DEMO_NETNS (log: $SECUREWATCH_STATE/capture-agent.log)"
  log "demo capture traffic in $DEMO_NETNS (log: $SECUREWATCH_STATE/demo-capture.log)"
}

stop_demo_capture() {
  if [ -n "$DEMO_GENERATOR_PID" ]; then
    kill -TERM -- "-$DEMO_GENERATOR_PID" 2>/dev/null || true
    DEMO_GENERATOR_PID=""
  fi
  if [ -n "$DEMO_AGENT_PID" ]; then
    # SIGTERM is a clean shutdown: open connections are reported and the agent tells the API it stopped.
    kill -TERM "$DEMO_AGENT_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$DEMO_AGENT_PID" 2>/dev/null || break; sleep 0.5; done
    DEMO_AGENT_PID=""
    ip netns del "$DEMO_NETNS" 2>/dev/null || true
  fi
}
