#!/usr/bin/env bash
# Runs every test on a fresh Debian machine with the .NET 10 SDK: installs and starts what the tests
# need (PostgreSQL), runs the whole suite on SQLite and PostgreSQL, and ends with the line
# "N passed, N failed, N skipped" computed from the test results.
set -uo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "test.sh: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq || true; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_postgres() {
  if [ -n "${TRACEWRIGHT_TEST_PG:-}" ]; then
    echo "test.sh: using PostgreSQL from TRACEWRIGHT_TEST_PG"
    return 0
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "test.sh: installing PostgreSQL"
    apt_install postgresql >/dev/null || { echo "test.sh: could not install PostgreSQL" >&2; return 1; }
  fi
  local line version cluster port status
  line=$(pg_lsclusters -h | head -n 1)
  if [ -z "$line" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    as_root pg_createcluster "$version" main >/dev/null
    line=$(pg_lsclusters -h | head -n 1)
  fi
  read -r version cluster port status _ <<<"$line"
  if [ "$status" != "online" ]; then
    echo "test.sh: starting PostgreSQL $version/$cluster"
    as_root pg_ctlcluster "$version" "$cluster" start
  fi
  for _ in $(seq 1 30); do
    as_root su postgres -c "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  # A role of our own with a password, so tests connect over TCP like the product does. CREATEROLE lets the
  # least-privilege test make an application role that owns nothing (docs/RELIABILITY.md, item 8).
  as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracewright') THEN
      CREATE ROLE tracewright LOGIN CREATEDB CREATEROLE PASSWORD 'tracewright';
    END IF; END \\\$\\\$; ALTER ROLE tracewright CREATEROLE; GRANT pg_signal_backend TO tracewright;\"" >/dev/null
  export TRACEWRIGHT_TEST_PG="Host=127.0.0.1;Port=$port;Username=tracewright;Password=tracewright;Database=postgres"
}

ensure_chromium() {
  # The browser tests drive Debian's Chromium through Playwright; Playwright never downloads a browser here.
  if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: installing Chromium for the browser tests"
    apt_install chromium >/dev/null || { echo "test.sh: could not install Chromium" >&2; return 1; }
  fi
}

ensure_postgres || exit 1
ensure_chromium || exit 1

results=TestResults
rm -rf "$results"
# A test host that hangs is stopped after 10 minutes and counted as failed, instead of holding CI to its time limit.
dotnet test Tracewright.slnx --logger "trx" --results-directory "$results" --blame-hang-timeout 10m "$@"
status=$?

summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ "$status" -ne 0 ] && [[ "$summary" == *" 0 failed"* ]]; then
  # A project failed to build, or a test host died, before writing a failed result: count it, so the
  # totals never say "0 failed" for a run that failed.
  summary="${summary/ 0 failed/ 1 failed}"
  echo "test.sh: dotnet test exited $status without a failed test in the results (a build or test-host failure; see above)" >&2
fi
echo "$summary"
exit "$status"
