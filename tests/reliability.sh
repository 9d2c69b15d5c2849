#!/usr/bin/env bash
# The long reliability runs of issue #8 (docs/RELIABILITY.md), outside CI: the crash harness with 50 SIGKILLs per
# database (SQLite and PostgreSQL), 30 rounds of resent captures, and the other reliability tests (races, backup and
# restore, audit, least privilege), then the figures each printed.
#   tests/reliability.sh                          # 50 kills per database
#   TRACEWRIGHT_CRASH_KILLS=200 TRACEWRIGHT_CRASH_SEED=7 tests/reliability.sh
# PostgreSQL: TRACEWRIGHT_TEST_PG as for test.sh (default: the local server test.sh sets up).
set -euo pipefail
cd "$(dirname "$0")/.."

export TRACEWRIGHT_CRASH_KILLS="${TRACEWRIGHT_CRASH_KILLS:-50}"
export TRACEWRIGHT_RETRY_ROUNDS="${TRACEWRIGHT_RETRY_ROUNDS:-30}"
export TRACEWRIGHT_TEST_PG="${TRACEWRIGHT_TEST_PG:-Host=127.0.0.1;Port=5432;Username=tracewright;Password=tracewright;Database=postgres}"
export TRACEWRIGHT_RELIABILITY_REPORT="${TRACEWRIGHT_RELIABILITY_REPORT:-$(mktemp -t tracewright-reliability-XXXXXX.txt)}"
: > "$TRACEWRIGHT_RELIABILITY_REPORT"

status=0
dotnet test tests/Tracewright.Tests --filter "FullyQualifiedName~Tracewright.Tests.Reliability" --logger "console;verbosity=normal" || status=$?
echo
echo "Figures (also in $TRACEWRIGHT_RELIABILITY_REPORT):"
cat "$TRACEWRIGHT_RELIABILITY_REPORT"
exit "$status"
