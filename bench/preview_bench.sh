#!/usr/bin/env bash
# Live-preview latency of segment rules (issue 4): count, share of customers and share of revenue
# of a rule, as the segment builder computes them on each edit, at CUSTOMERS customers.
#   bench/preview_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS] [-- BENCH_OPTIONS...]
# Builds the workspace once (cached in $SEGWB_BENCH_DIR, default ${TMPDIR:-/var/tmp}/segwb-preview-bench),
# then runs segwb-preview-bench on it: for each of seven rules, in one run, the SQL path
# (SegmentStore::preview, 5 runs), the in-memory column engine on first use (loading the columns
# the rule needs) and warm (5 runs), and a check that both give the same counts and revenue.
# Needs the targets segwb and segwb-preview-bench of a Release build:
#   cmake --build BUILD_DIR -j2 --target segwb segwb-preview-bench
set -euo pipefail
build=${1:?usage: bench/preview_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS] [-- BENCH_OPTIONS...]}
shift
customers=1000000
transactions=3000000
if [ $# -gt 0 ] && [ "$1" != "--" ]; then customers=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then transactions=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
segwb="$build/bin/segwb"
bench="$build/bin/segwb-preview-bench"
work="${SEGWB_BENCH_DIR:-${TMPDIR:-/var/tmp}/segwb-preview-bench}"
mkdir -p "$work"
ws="$work/preview-$customers.segws"
if [ ! -f "$ws" ]; then
    rm -rf "$work/data" "$work/partial.segws"*
    "$segwb" demo --customers "$customers" --transactions "$transactions" --out "$work/data" > /dev/null
    "$segwb" import --workspace "$work/partial.segws" --kind customers "$work/data/customers.csv" > /dev/null
    "$segwb" import --workspace "$work/partial.segws" --kind transactions "$work/data/transactions.csv" > /dev/null
    "$segwb" rfm --workspace "$work/partial.segws" > /dev/null
    for f in "$work/partial.segws"*; do mv "$f" "${f/partial/preview-$customers}"; done
    rm -rf "$work/data"
fi
echo "Workspace: $ws ($customers customers, $(du -m "$ws" | cut -f1) MiB)"
echo
"$bench" "$ws" "$@"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)."
