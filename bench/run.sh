#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md at the repository root. Options (see bench/README.md):
#   --quick                 tiny sizes, seconds (what CI's smoke test runs)
#   --sizes 1000000,10000000  record counts (default 1000000)
#   --repeat N              measurements per figure (default 3)
#   --only ingest,http-capture,pg-ingest   run some benchmarks only
#   --pg CONN | --no-pg     PostgreSQL (default $TRACEWRIGHT_BENCH_PG, then $TRACEWRIGHT_TEST_PG)
#   --data DIR              where generated datasets are kept between runs (default bench/.data)
#   --note TEXT             a note for the report (e.g. that the machine was shared)
#   --sql-timeout S         seconds one recursive-SQL reference query may run (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Tracewright.Bench -c Release -v q --nologo -clp:NoSummary >/dev/null || dotnet build bench/Tracewright.Bench -c Release -v q --nologo
# The recall benchmark times CLI processes with the binary a shop would run (README: self-contained, single file; ReadyToRun).
data=bench/.data; prev=""; for a in "$@"; do [ "$prev" = "--data" ] && data="$a"; prev="$a"; done
case " $* " in
  *" --quick "*) ;;
  *) dotnet publish src/Tracewright -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -v q --nologo -o "$data/publish" >/dev/null ;;
esac
exec dotnet bench/Tracewright.Bench/bin/Release/net10.0/Tracewright.Bench.dll "$@"
