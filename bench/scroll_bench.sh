#!/usr/bin/env bash
# Scroll benchmark: opens a transactions table of ROWS rows in the data browser page (the real
# QTableView over PagedTableModel, offscreen) and scrolls it from top to bottom one screen per
# step, then jumps to random rows; reports step latency, the longest GUI-thread event and
# memory. Prints a Markdown report.
#   bench/scroll_bench.sh [BUILD_DIR] [ROWS] [segwb-scroll-bench options: --jumps N --passes N ...]
# Needs a Release build with the GUI (cmake --preset release && cmake --build --preset release).
# The workspace is built once with `segwb demo` + `segwb import` and kept in
# $SEGWB_BENCH_DIR (default ${TMPDIR:-/var/tmp}/segwb-scroll-bench) for the next run.
set -euo pipefail
build="${1:-build/release}"
rows="${2:-1000000}"
segwb="$build/bin/segwb"
bench="$build/bin/segwb-scroll-bench"
[ -x "$segwb" ] || { echo "no $segwb: build first" >&2; exit 1; }
[ -x "$bench" ] || { echo "no $bench: build first (SEGWB_BUILD_GUI and SEGWB_BUILD_BENCH on)" >&2; exit 1; }

work="${SEGWB_BENCH_DIR:-${TMPDIR:-/var/tmp}/segwb-scroll-bench}"
mkdir -p "$work"
ws="$work/transactions-$rows.segws"
if [ ! -f "$ws" ]; then
    # Build into a temporary name first, so an interrupted run never leaves a partial workspace
    # that the next run would take for a cached one.
    rm -rf "$work/data-$rows" "$work/partial-$rows.segws"*
    "$segwb" demo --customers $(( rows / 10 > 0 ? rows / 10 : 1 )) --transactions "$rows" \
        --out "$work/data-$rows" >/dev/null
    "$segwb" import --workspace "$work/partial-$rows.segws" --kind transactions \
        "$work/data-$rows/transactions.csv" >/dev/null
    for f in "$work/partial-$rows.segws"*; do mv "$f" "${f/partial-$rows/transactions-$rows}"; done
    rm -rf "$work/data-$rows"
fi

load="$(cut -d' ' -f1 /proc/loadavg)"
QT_QPA_PLATFORM=offscreen "$bench" "$ws" --table transactions "${@:3}"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(df -h "$work" | awk 'NR==2 {print $1}') ($(stat -f -c %T "$work")); workspace $(( $(stat -c %s "$ws") / 1048576 )) MiB; load average $load at the start, $(cut -d' ' -f1 /proc/loadavg) at the end (other builds share the cores)."
