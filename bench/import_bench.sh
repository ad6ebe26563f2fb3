#!/usr/bin/env bash
# Import benchmark: segwb import of a generated transactions file against the sqlite3 shell's
# .import of the same file into a plain table, in the same run, on the same disk.
#   bench/import_bench.sh [BUILD_DIR] [ROWS] [REPEATS]
# Needs a Release build (cmake --preset release && cmake --build --preset release), the sqlite3
# shell and GNU time (Debian packages sqlite3 and time). Prints a Markdown report.
set -euo pipefail
build="${1:-build/release}"
rows="${2:-1000000}"
repeats="${3:-5}"
segwb="$build/bin/segwb"
[ -x "$segwb" ] || { echo "no $segwb: build first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "install the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)" >&2; exit 1; }

work="${SEGWB_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/var/tmp}/segwb-bench.XXXXXX")}"
trap 'rm -rf "$work"' EXIT
customers=$(( rows / 10 ))
"$segwb" demo --customers "$customers" --transactions "$rows" --out "$work/data" >/dev/null
"$segwb" demo --customers $(( customers * 2 )) --transactions $(( rows * 2 )) --out "$work/data2" --seed 7 >/dev/null
file="$work/data/transactions.csv"
file2="$work/data2/transactions.csv"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

ours=(); peer=(); oursMem=(); peerMem=()
for i in $(seq "$repeats"); do
    rm -f "$work"/ws.segws* "$work"/plain.db*; sync
    /usr/bin/time -f "%e %M" -o "$work/t" "$segwb" import --workspace "$work/ws.segws" --kind transactions "$file" >/dev/null
    read -r s m < "$work/t"; ours+=("$s"); oursMem+=("$m")
    rm -f "$work"/ws.segws* "$work"/plain.db*; sync
    /usr/bin/time -f "%e %M" -o "$work/t" sqlite3 "$work/plain.db" ".mode csv" ".import $file transactions"
    read -r s m < "$work/t"; peer+=("$s"); peerMem+=("$m")
done
rm -f "$work"/ws.segws*; sync
/usr/bin/time -f "%e %M" -o "$work/t" "$segwb" import --workspace "$work/ws.segws" --kind transactions "$file2" >/dev/null
read -r s2 m2 < "$work/t"

oursMed=$(printf '%s\n' "${ours[@]}" | median)
peerMed=$(printf '%s\n' "${peer[@]}" | median)
oursMemMed=$(printf '%s\n' "${oursMem[@]}" | median)
peerMemMed=$(printf '%s\n' "${peerMem[@]}" | median)
ratio=$(awk -v a="$oursMed" -v b="$peerMed" 'BEGIN {printf "%.2f", a / b}')
bytes=$(stat -c %s "$file"); bytes2=$(stat -c %s "$file2")

cat <<REPORT
### CSV import, $rows transaction rows ($(( bytes / 1048576 )) MiB), median of $repeats runs

| | median time | all runs (s) | peak memory |
|---|---|---|---|
| segwb import (types checked, rejects kept, SHA-256, one transaction) | ${oursMed} s | ${ours[*]} | $(( oursMemMed / 1024 )) MiB |
| sqlite3 shell \`.import\` (plain text table) | ${peerMed} s | ${peer[*]} | $(( peerMemMed / 1024 )) MiB |

Ratio segwb / sqlite3: **${ratio}×** (target: at most 1.0×).

Memory as the file grows: $rows rows → $(( oursMemMed / 1024 )) MiB; $(( rows * 2 )) rows ($(( bytes2 / 1048576 )) MiB) → $(( m2 / 1024 )) MiB in ${s2} s.

Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(df -h "$work" | awk 'NR==2 {print $1}') ($(stat -f -c %T "$work")); sqlite3 $(sqlite3 --version | cut -d' ' -f1).
REPORT
