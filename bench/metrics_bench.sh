#!/usr/bin/env bash
# Customer metrics and RFM benchmark: `segwb metrics` + `segwb rfm` (compute and store) against
# pandas (read_csv, groupby, numpy.quantile bins) and the same computation in SQL in the sqlite3
# shell, on the same generated data, in the same run. Checks that all three give the same
# thresholds, counts per score, segment sizes and summary, and fails loudly otherwise.
#   bench/metrics_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS] [RUNS]
# Defaults: 100000 customers, 1000000 transactions, best of 3 runs. Needs a Release build,
# the sqlite3 shell, GNU time and pandas (Debian: sqlite3 time python3-pandas python3-numpy).
# Prints a Markdown report.
set -euo pipefail
build="${1:?usage: bench/metrics_bench.sh BUILD_DIR [CUSTOMERS] [TRANSACTIONS] [RUNS]}"
customers="${2:-100000}"
transactions="${3:-1000000}"
runs="${4:-3}"
here="$(cd "$(dirname "$0")" && pwd)"
segwb="$build/bin/segwb"
[ -x "$segwb" ] || { echo "no $segwb: build first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "install the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)" >&2; exit 1; }
python=/usr/bin/python3
"$python" -c 'import pandas, numpy' 2>/dev/null || { echo "install pandas (apt-get install python3-pandas)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1

work="${SEGWB_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/var/tmp}/segwb-metrics-bench.XXXXXX")}"
trap 'rm -rf "$work"' EXIT
"$segwb" demo --customers "$customers" --transactions "$transactions" --out "$work/data" >/dev/null
tx="$work/data/transactions.csv"
cu="$work/data/customers.csv"

# Our workspace: customers and transactions imported with their types and roles.
"$segwb" import --workspace "$work/ws.segws" --kind customers "$cu" >/dev/null
"$segwb" import --workspace "$work/ws.segws" --kind transactions "$tx" >/dev/null

# The SQL peer's plain tables, loaded with the shell's .import (timed separately).
/usr/bin/time -f "%e" -o "$work/t" sqlite3 "$work/plain.db" \
    "CREATE TABLE tx (order_id TEXT, customer_id TEXT, order_date TEXT, amount REAL, category TEXT, channel TEXT)" \
    ".mode csv" ".import --skip 1 $tx tx" ".import $cu cust"
sqliteImport=$(awk '{print $1}' "$work/t")

best() { sort -g | head -n1; }
# GNU time output "%e %U %S %M": wall, CPU (user + sys), peak resident KiB.
wall() { awk '{print $1}' "$1"; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$1"; }
kib() { awk '{print $4}' "$1"; }

ours=(); oursCpu=(); oursMem=(); pandasIn=(); pandasInCpu=(); pandasWall=(); pandasCpu=(); pandasMem=()
sql=(); sqlCpu=(); sqlMem=()
for i in $(seq "$runs"); do
    # Ours: compute and store the metrics, then score, name and store the RFM segments.
    /usr/bin/time -f "%e %U %S %M" -o "$work/t1" "$segwb" metrics --workspace "$work/ws.segws" --json >"$work/ours_metrics.json"
    /usr/bin/time -f "%e %U %S %M" -o "$work/t2" "$segwb" rfm --workspace "$work/ws.segws" --json >"$work/ours_rfm.json"
    ours+=("$(cat "$work/t1" "$work/t2" | awk '{s += $1} END {printf "%.2f", s}')")
    oursCpu+=("$(cat "$work/t1" "$work/t2" | awk '{s += $2 + $3} END {printf "%.2f", s}')")
    oursMem+=("$(cat "$work/t1" "$work/t2" | awk '$4 > m {m = $4} END {print m}')")

    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$python" "$here/metrics_pandas.py" "$tx" "$cu" \
        --json "$work/pandas.json" 2>"$work/pandas.err"
    pandasWall+=("$(wall "$work/t")"); pandasCpu+=("$(cpu "$work/t")"); pandasMem+=("$(kib "$work/t")")
    pandasIn+=("$(awk '/^pandas_seconds/ {print $2}' "$work/pandas.err")")
    pandasInCpu+=("$(awk '/^pandas_seconds/ {print $3}' "$work/pandas.err")")

    /usr/bin/time -f "%e %U %S %M" -o "$work/t" sqlite3 "$work/plain.db" <"$here/metrics_sqlite.sql" >"$work/sqlite.txt"
    sql+=("$(wall "$work/t")"); sqlCpu+=("$(cpu "$work/t")"); sqlMem+=("$(kib "$work/t")")
done

# The per-customer columns that the JSON summaries do not show (not timed).
"$segwb" sql --workspace "$work/ws.segws" --json "SELECT 'categories_total', sum(categories) FROM customer_metrics UNION ALL SELECT 'channel ' || coalesce(top_channel, ''), count(*) FROM customer_metrics GROUP BY top_channel" >"$work/ours_extra.json"
check=$("$python" "$here/metrics_compare.py" "$work/ours_metrics.json" "$work/ours_rfm.json" \
    "$work/ours_extra.json" "$work/pandas.json" "$work/sqlite.txt" 2>&1) || {
    echo "$check" >&2
    echo "FAILED: segwb, pandas and sqlite3 do not agree; see above." >&2
    exit 1
}

bestOf() { printf '%s\n' "$@" | best; }
maxOf() { printf '%s\n' "$@" | sort -g | tail -n1; }
oursBest=$(bestOf "${ours[@]}"); oursCpuBest=$(bestOf "${oursCpu[@]}")
pandasBest=$(bestOf "${pandasIn[@]}"); pandasCpuBest=$(bestOf "${pandasInCpu[@]}")
pandasWallBest=$(bestOf "${pandasWall[@]}"); pandasProcCpuBest=$(bestOf "${pandasCpu[@]}")
sqlBest=$(bestOf "${sql[@]}"); sqlCpuBest=$(bestOf "${sqlCpu[@]}")
# The faster peer by wall time, with pandas timed in-process (interpreter start and imports not
# counted), which favours the peer.
peer=$(awk -v a="$pandasBest" -v b="$sqlBest" 'BEGIN {print (a < b) ? a : b}')
peerName=$(awk -v a="$pandasBest" -v b="$sqlBest" 'BEGIN {print (a < b) ? "pandas" : "sqlite3"}')
peerCpu=$(awk -v a="$pandasCpuBest" -v b="$sqlCpuBest" 'BEGIN {print (a < b) ? a : b}')
ratio=$(awk -v a="$oursBest" -v b="$peer" 'BEGIN {printf "%.2f", a / b}')
ratioCpu=$(awk -v a="$oursCpuBest" -v b="$peerCpu" 'BEGIN {printf "%.2f", a / b}')
verdict=$(awk -v r="$ratio" 'BEGIN {print (r < 0.5) ? "met" : "NOT met"}')
load=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<REPORT
### Customer metrics and RFM, $transactions transactions, $customers customers, best of $runs runs

| | best wall time | all runs (s) | best CPU time (user + sys) | peak memory |
|---|---|---|---|---|
| segwb metrics + segwb rfm (compute and store both tables; two processes) | ${oursBest} s | ${ours[*]} | ${oursCpuBest} s | $(( $(maxOf "${oursMem[@]}") / 1024 )) MiB |
| pandas: read_csv to segment sizes (in-process timers) | ${pandasBest} s | ${pandasIn[*]} | ${pandasCpuBest} s | $(( $(maxOf "${pandasMem[@]}") / 1024 )) MiB |
| pandas, whole process (interpreter start and imports included) | ${pandasWallBest} s | ${pandasWall[*]} | ${pandasProcCpuBest} s | |
| sqlite3 shell: the SQL on plain tables (temp tables in memory) | ${sqlBest} s | ${sql[*]} | ${sqlCpuBest} s | $(( $(maxOf "${sqlMem[@]}") / 1024 )) MiB |

The sqlite3 shell's \`.import\` of both CSV files took ${sqliteImport} s more (not counted).

Ratio segwb / faster peer ($peerName, ${peer} s): **${ratio}×** wall, ${ratioCpu}× CPU (target: under 0.5×, $verdict).
Load average at the end of the run: $load (the 2 cores are shared; wall times include waiting for them).

All three agree:

\`\`\`
$check
\`\`\`

Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); sqlite3 $(sqlite3 --version | cut -d' ' -f1); pandas $("$python" -c 'import pandas; print(pandas.__version__)'), NumPy $("$python" -c 'import numpy; print(numpy.__version__)').
REPORT
