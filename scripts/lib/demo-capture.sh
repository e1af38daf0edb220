#!/usr/bin/env bash
# Demo traffic for the capture agent, run inside a private network namespace that has only its loopback up
# (scripts/run.sh starts it with `ip netns exec`): steady normal traffic — HTTP requests to a small web server,
# DNS-like UDP queries and answers, pings — and every SECUREWATCH_DEMO_ATTACK_EVERY seconds one short attack, in
# turn an nmap SYN scan, an ICMP sweep of 127.0.0.0/24 and a rate-limited hping3 SYN flood. Nothing leaves the
# namespace. SECUREWATCH_DEMO_RATE is the normal HTTP requests per second (0: this script does nothing).
set -uo pipefail

RATE="${SECUREWATCH_DEMO_RATE:-5}"
ATTACK_EVERY="${SECUREWATCH_DEMO_ATTACK_EVERY:-180}"
FIRST_ATTACK="${SECUREWATCH_DEMO_FIRST_ATTACK:-30}"
WEB_PORT=8080
DNS_PORT=53
[ "$RATE" = "0" ] && exit 0

say() { printf '%s demo-capture: %s\n' "$(date +%H:%M:%S)" "$*"; }

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

python3 -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory "$WEB_ROOT" >/dev/null 2>&1 &
CHILDREN+=($!)
# A DNS-like responder: answers every datagram with a short reply, as a resolver would.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, peer = s.recvfrom(512)
    s.sendto(data[:2] + b"\x81\x80" + data[4:] + b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01", peer)
' "$DNS_PORT" &
CHILDREN+=($!)
sleep 1

dns_query() {
  python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(os.urandom(2) + b"\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03lan\x00\x00\x01\x00\x01", ("127.0.0.1", int(sys.argv[1])))
try:
    s.recvfrom(512)
except socket.timeout:
    pass
' "$DNS_PORT"
}

attack() {
  case "$1" in
    0) say "attack: nmap SYN scan of ports 1-1024"
       nmap -sS -Pn -n -p 1-1024 --max-rate 400 127.0.0.1 >/dev/null 2>&1 ;;
    1) say "attack: ICMP sweep of 127.0.0.1-254"
       for host in $(seq 1 254); do ping -n -c 1 -W 1 "127.0.0.$host" >/dev/null 2>&1 & done; wait ;;
    2) say "attack: SYN flood on port $WEB_PORT, 500 packets/s for 10 s"
       timeout 10 hping3 -q -S -p "$WEB_PORT" -i u2000 127.0.0.1 >/dev/null 2>&1 ;;
  esac
}

say "normal traffic at $RATE HTTP requests/s with DNS-like queries and pings; an attack every $ATTACK_EVERY s (first after $FIRST_ATTACK s)"
# Runs beside the normal traffic, so normal connections keep coming during an attack.
(
  sleep "$FIRST_ATTACK"
  n=0
  while true; do
    attack $((n % 3))
    n=$((n + 1))
    sleep "$ATTACK_EVERY"
  done
) &
CHILDREN+=($!)

pause="$(awk -v r="$RATE" 'BEGIN { printf "%.3f", 1 / r }')"
tick=0
while true; do
  page=index.html
  [ $((tick % 4)) -eq 0 ] && page=report.html
  curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$WEB_PORT/$page"
  [ $((tick % 3)) -eq 0 ] && dns_query
  [ $((tick % 10)) -eq 0 ] && ping -n -c 1 -W 1 127.0.0.1 >/dev/null 2>&1
  tick=$((tick + 1))
  sleep "$pause"
done
