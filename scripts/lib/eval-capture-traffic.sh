#!/usr/bin/env bash
# Labelled traffic for scripts/eval-capture.sh, run inside a private network namespace (loopback only). Every
# client class sends from its own address, so each record can be labelled by its source:
#   127.0.0.10 normal: HTTP/1.1 with keep-alive (several requests per connection) and without (one per connection)
#              to 127.0.0.1:80 and :8080, DNS-like UDP to 127.0.0.1:53, SSH-like long interactive TCP sessions to
#              127.0.0.1:22, pings of 127.0.0.1
#   127.0.0.20 nmap SYN scan of 127.0.0.2 ports 1-1024
#   127.0.0.30 ICMP echo sweep of 127.0.0.1-254
#   127.0.0.40 hping3 SYN flood on 127.0.0.2:8080, 500 packets/s for 10 s
# The attacks target 127.0.0.2 (a second "host" on the same services) so that normal connections to 127.0.0.1
# are judged on their own 2-second and 100-connection windows, as two hosts would be on a real network.
set -uo pipefail

DURATION="${EVAL_DURATION:-100}"
RATE="${EVAL_RATE:-8}"
ATTACKS="${EVAL_ATTACKS:-1}"   # 0: normal traffic only (a baseline window for train-baseline)

say() { printf '%s eval-traffic: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

WEB_ROOT="$(mktemp -d)"
head -c 2000 /dev/urandom | base64 > "$WEB_ROOT/index.html"
head -c 20000 /dev/urandom | base64 > "$WEB_ROOT/report.html"
CHILDREN=()
cleanup() {
  for pid in "${CHILDREN[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WEB_ROOT"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# HTTP/1.1 so that keep-alive works (http.server's default is HTTP/1.0, one request per connection).
for port in 80 8080; do
  python3 -c '
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
handler = functools.partial(Handler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), handler).serve_forever()
' "$port" "$WEB_ROOT" &
  CHILDREN+=($!)
done
# DNS-like responder and an SSH-like echo service (the server answers each line, like a shell would).
python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 53))
while True:
    data, peer = s.recvfrom(512)
    s.sendto(data[:2] + b"\x81\x80" + data[4:] + b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01", peer)
' &
CHILDREN+=($!)
python3 -c '
import socket, threading
def serve(c):
    with c:
        try:
            c.sendall(b"SSH-2.0-OpenSSH_9.6\r\n" + bytes(1000))
            while True:
                data = c.recv(4096)
                if not data: break
                c.sendall(data * 3)
        except OSError:
            pass  # the nmap scan resets its probes
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 22)); s.listen(64)
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
' &
CHILDREN+=($!)
sleep 1

NORMAL=127.0.0.10
dns_query() {
  python3 -c '
import os, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.10", 0)); s.settimeout(1)
s.sendto(os.urandom(2) + b"\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03lan\x00\x00\x01\x00\x01", ("127.0.0.1", 53))
try: s.recvfrom(512)
except socket.timeout: pass
'
}
ssh_session() {
  python3 -c '
import os, random, socket, time, sys
s = socket.socket(); s.bind(("127.0.0.10", 0)); s.connect(("127.0.0.1", 22))
s.recv(4096); s.sendall(b"SSH-2.0-OpenSSH_9.6\r\n" + os.urandom(800))
end = time.time() + float(sys.argv[1])
while time.time() < end:
    s.sendall(os.urandom(random.randint(20, 80))); s.recv(4096); time.sleep(random.uniform(0.2, 1.5))
s.close()
' "$1"
}

normal() {
  local end=$((SECONDS + DURATION)) tick=0 pause sessions=()
  pause="$(awk -v r="$RATE" 'BEGIN { printf "%.3f", 1 / r }')"
  while [ "$SECONDS" -lt "$end" ]; do
    local port=80 page=index.html
    [ $((tick % 2)) -eq 0 ] && port=8080
    [ $((tick % 4)) -eq 0 ] && page=report.html
    if [ $((tick % 5)) -eq 0 ]; then
      # keep-alive: three requests on one connection
      curl -s -o /dev/null -o /dev/null -o /dev/null --max-time 5 --interface "$NORMAL" \
        "http://127.0.0.1:$port/index.html" "http://127.0.0.1:$port/$page" "http://127.0.0.1:$port/index.html"
    else
      curl -s -o /dev/null --max-time 5 --interface "$NORMAL" -H 'Connection: close' "http://127.0.0.1:$port/$page"
    fi
    [ $((tick % 3)) -eq 0 ] && dns_query
    [ $((tick % 10)) -eq 0 ] && ping -n -c 1 -W 1 -I "$NORMAL" 127.0.0.1 >/dev/null 2>&1
    if [ $((tick % 40)) -eq 0 ]; then ssh_session $((10 + RANDOM % 30)) & sessions+=($!); fi
    tick=$((tick + 1))
    sleep "$pause"
  done
  # only the sessions: a bare wait would also wait for the servers
  for pid in "${sessions[@]}"; do wait "$pid"; done
}

attacks() {
  sleep 10
  say "nmap SYN scan of 127.0.0.2 ports 1-1024 from 127.0.0.20"
  nmap -sS -Pn -n -e lo -S 127.0.0.20 -p 1-1024 --max-rate 400 127.0.0.2 >/dev/null 2>&1
  sleep 10
  say "ICMP sweep of 127.0.0.1-254 from 127.0.0.30"
  for host in $(seq 1 254); do ping -n -c 1 -W 1 -I 127.0.0.30 "127.0.0.$host" >/dev/null 2>&1 & done; wait
  sleep 10
  say "SYN flood on 127.0.0.2:8080 from 127.0.0.40, 500 packets/s for 10 s"
  timeout 10 hping3 -q -S -a 127.0.0.40 -p 8080 -i u2000 127.0.0.2 >/dev/null 2>&1
}

say "normal traffic for $DURATION s at $RATE HTTP connections/s; attacks: $([ "$ATTACKS" = 0 ] && echo none || echo "after 10 s")"
if [ "$ATTACKS" = "0" ]; then
  normal
else
  attacks &
  ATTACKER=$!
  CHILDREN+=($ATTACKER)
  normal
  wait "$ATTACKER"
fi
say "done"
