#!/usr/bin/env bash
# Runs every SecureWatch test against real services: installs what is missing, starts a private
# PostgreSQL, runs the whole solution's tests and prints one summary line.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$SECUREWATCH_ROOT"

ensure_packages "${SECUREWATCH_PACKAGES[@]}" "${SECUREWATCH_TEST_PACKAGES[@]}"
ensure_dotnet
# Debian ships npm separately; a Node.js from elsewhere brings its own (and Debian's npm would conflict with it).
command -v npm >/dev/null 2>&1 || ensure_packages npm
log "installing the SignalR JavaScript test client"
(cd tests/SecureWatch.Functions.Tests/signalr-client && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
PG_FSYNC=off start_postgres "${SECUREWATCH_TEST_PG_PORT:-55432}" pg-test
export SECUREWATCH_TEST_PG="Host=127.0.0.1;Port=${SECUREWATCH_TEST_PG_PORT:-55432};Username=postgres;Password=$PG_SUPERUSER_PASSWORD;Include Error Detail=true"

log "restoring and building"
dotnet restore SecureWatch.slnx --verbosity quiet
dotnet build SecureWatch.slnx -c Release --no-restore --verbosity quiet -nologo

results="$(mktemp -d)"
status=0
dotnet test SecureWatch.slnx -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line for the whole run, summed over every test assembly's TRX file.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = aborted = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    summary = ET.parse(path).getroot().find("t:ResultSummary", ns)
    counters = summary.find("t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    # The TRX logger counts a skipped test in total but in no outcome counter.
    skipped += int(counters.get("total", 0)) - int(counters.get("executed", 0))
    # A crashed test host leaves its remaining tests uncounted: say so rather than print a clean-looking total.
    messages = " ".join(info.findtext("t:Text", "", ns) for info in summary.iterfind("t:RunInfos/t:RunInfo", ns))
    aborted += "aborted" in messages.lower() or "crashed" in messages.lower()
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped" + (f", {aborted} test runs aborted" if aborted else ""))
PY
rm -rf "$results"
exit "$status"
