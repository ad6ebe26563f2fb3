#!/usr/bin/env bash
# Live-preview latency of segment rules (issue 4): count, share of customers and share of revenue
# of a rule, as the segment builder computes them on each edit, at CUSTOMERS customers.
#   bench/preview_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS]
# Builds the workspace once (cached in $SEGWB_BENCH_DIR, default ${TMPDIR:-/var/tmp}/segwb-preview-bench),
# then runs `segwb segment preview --json` for a set of rules, 5 times each, and prints the time
# of the preview query itself (the "milliseconds" field: SQL compile, run and read) per rule.
set -euo pipefail
build=${1:?usage: bench/preview_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS]}
customers=${2:-1000000}
transactions=${3:-3000000}
segwb="$build/bin/segwb"
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
rules=(
    'orders >= 3'
    'country is "Germany"'
    'country is one of ("Germany", "France") and (orders >= 3 or revenue > 500) and last_purchase within 90 days'
    'rfm_segment is one of ("Champions", "Loyal Customers")'
    'lifecycle_status is "lapsed" and value_tier is not "Rest"'
    'not (device is "mobile" or acquisition_channel starts with "paid")'
    'income between 30000 and 60000 and signup_date after 2023-01-01 and gender is "female"'
)
echo "| rule | customers | best ms | median ms | worst ms |"
echo "|---|---|---|---|---|"
for rule in "${rules[@]}"; do
    times=()
    count=0
    for run in 1 2 3 4 5; do
        out=$("$segwb" segment preview --workspace "$ws" --rule "$rule" --json)
        times+=("$(echo "$out" | sed -n 's/.*"milliseconds": \([0-9.]*\).*/\1/p')")
        count=$(echo "$out" | sed -n 's/.*"customers": \([0-9]*\).*/\1/p')
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    best=$(echo "$sorted" | head -1); median=$(echo "$sorted" | sed -n 3p); worst=$(echo "$sorted" | tail -1)
    printf '| `%s` | %s | %.1f | %.1f | %.1f |\n' "$rule" "$count" "$best" "$median" "$worst"
done
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1 /proc/loadavg)."
