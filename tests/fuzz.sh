#!/usr/bin/env bash
# The long fuzz run (#8 item 5): every fuzz target with TRACEWRIGHT_FUZZ_CASES cases (default 100000), seed
# TRACEWRIGHT_FUZZ_SEED (default 20241114). CI runs the same tests with their small built-in counts. Prints one
# "fuzz TARGET: seed S, N cases, A accepted, R rejected with an error value, 0 crashes" line per target; a failure
# names the case and keeps its whole input under $TMPDIR/tracewright-fuzz/. Needs PostgreSQL like test.sh
# (TRACEWRIGHT_TEST_PG) for the PostgreSQL sheet targets. Extra arguments go to dotnet test, e.g. a --filter.
set -uo pipefail
cd "$(dirname "$0")/.."
export TRACEWRIGHT_FUZZ_CASES="${TRACEWRIGHT_FUZZ_CASES:-100000}"
status=0
for project in tests/Tracewright.Standards.Tests tests/Tracewright.Tests; do
  dotnet test "$project" --filter "FullyQualifiedName~Fuzzing" --logger "console;verbosity=detailed" "$@" \
    | tee /dev/stderr | grep -E '^ *fuzz [^ ]+' || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit "$status"
