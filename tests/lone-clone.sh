#!/usr/bin/env bash
# The product from a clone of this repository alone: clones the committed HEAD into an empty folder with no
# ../shared beside it, then does what README.md's first command promises — `./tracewright serve --demo` serves the demo
# shop, and its recall of PLA-0424-01 answers 34 customers (over the API while it serves, and from the command line).
# Prints "lone clone: ok" and exits 0, or says what failed and exits 1. Used by .ci/run before the full suite.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/tracewright-lone.XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "lone clone: FAILED: $*" >&2; [ -f "$work/serve.log" ] && tail -n 20 "$work/serve.log" >&2; exit 1; }

git clone -q "$repo" "$work/tw" || fail "git clone of $repo"
[ ! -e "$work/shared" ] || fail "$work/shared exists; the check needs a folder with nothing beside the clone"
cd "$work/tw"

# A free loopback port: ask the kernel for one.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
started=$(date +%s)
./tracewright serve --demo --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
# The first call builds the program (about a minute or two); wait for the server to answer, or for it to stop.
answered=0
for _ in $(seq 1 600); do
  kill -0 "$server" 2>/dev/null || fail "serve --demo stopped before it answered"
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/signin" || true)"
  if [ "$code" = "200" ]; then answered=1; break; fi
  sleep 1
done
[ "$answered" = 1 ] || fail "serve --demo did not answer /signin within 600 s"
grep -q "admin" "$work/serve.log" || fail "serve --demo did not print the demo users"
echo "lone clone: built and serving the demo after $(( $(date +%s) - started )) s"

# A viewer token made on the same database, then the recall over the API of the running server.
secret="$(./tracewright token create --name lone-clone --role viewer --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')" \
  || fail "token create"
api="$(curl -s -H "Authorization: Bearer $secret" "http://127.0.0.1:$port/api/recall/PLA-0424-01?pageSize=200")" || fail "GET /api/recall/PLA-0424-01"
customers="$(printf '%s' "$api" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["customers"]))')" \
  || fail "GET /api/recall/PLA-0424-01 did not answer JSON: ${api:0:300}"
[ "$customers" = 34 ] || fail "the served recall of PLA-0424-01 names $customers customers, not 34"

# SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
kill -TERM "$server"; wait "$server" 2>/dev/null; server=""

# The command line on the same database answers the same, without building again, in well under a second.
begin=$(date +%s%N)
cli="$(./tracewright recall PLA-0424-01)" || fail "tracewright recall PLA-0424-01"
ms=$(( ($(date +%s%N) - begin) / 1000000 ))
case "$cli" in
  *": 34 customers to contact"*) ;;
  *) fail "tracewright recall PLA-0424-01 answered: $(printf '%s' "$cli" | head -n 1)" ;;
esac
echo "lone clone: ok (served recall 34 customers; CLI recall 34 customers in $ms ms, no rebuild)"
