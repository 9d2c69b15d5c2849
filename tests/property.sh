#!/usr/bin/env bash
# The long property run (issue 18): every property test (the index against the recursive-SQL reference on random
# genealogies, with and without EPCIS events, on SQLite and PostgreSQL) with TRACEWRIGHT_PROPERTY_SEEDS random
# genealogies per test (default 2000: the counts CI ran before issue 18, and more on PostgreSQL). CI runs the same
# tests with their small built-in counts (tests/Tracewright.Tests/Support/PropertySeeds.cs). The seeds are 1…N, so a
# failure is reproduced by the same count. Needs PostgreSQL like test.sh (TRACEWRIGHT_TEST_PG). Extra arguments go to
# dotnet test, e.g. a --filter.
#   tests/property.sh
#   TRACEWRIGHT_PROPERTY_SEEDS=500 tests/property.sh -c Release
set -uo pipefail
cd "$(dirname "$0")/.."
export TRACEWRIGHT_PROPERTY_SEEDS="${TRACEWRIGHT_PROPERTY_SEEDS:-2000}"
export TRACEWRIGHT_TEST_PG="${TRACEWRIGHT_TEST_PG:-Host=127.0.0.1;Port=5432;Username=tracewright;Password=tracewright;Database=postgres}"
dotnet test tests/Tracewright.Tests --filter "FullyQualifiedName~PropertyTests" --logger "console;verbosity=normal" "$@"
