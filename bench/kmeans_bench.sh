#!/usr/bin/env bash
# k-means benchmark (docs/PERFORMANCE.md, "k-means clustering (product target)"): our k-means
# (seg::KMeans through segwb-kmeans-bench) against scikit-learn's KMeans (bench/kmeans_sklearn.py)
# on the same data, in the same run, with the same k, restarts, max_iter 300 and tol 1e-4.
#   bench/kmeans_bench.sh BUILD_DIR [ROWS] [FEATURES] [K] [RESTARTS]
# Defaults: 1000000 rows × 8 features, k = 8, 10 restarts. Environment: SEED (default 0, given to
# both sides; their generators differ, so their starting centres differ), RUNS (default 1; with
# more, each configuration keeps its fastest run).
# The data: a mixture of K Gaussian blobs with different spreads and sizes that overlap, made by
# numpy from a fixed seed once and cached in ${TMPDIR:-/var/tmp}/segwb-kmeans-bench.
# Four configurations: each side on all cores (ours: one restart per thread; scikit-learn: its
# OpenMP threads over the rows of each iteration, restarts in turn), then each side on one
# thread (--threads 1; OMP_NUM_THREADS=1). OPENBLAS_NUM_THREADS=1 throughout. Only the fit is
# timed, on both sides; loading the file is not.
# Prints a Markdown report; exits 1 when our inertia is above scikit-learn's × (1 + 1e-6).
# Needs: cmake --build BUILD_DIR -j2 --target segwb-kmeans-bench (Release), and
# /usr/bin/python3 with scikit-learn (Debian: apt-get install python3-sklearn).
set -euo pipefail
usage="usage: bench/kmeans_bench.sh BUILD_DIR [ROWS] [FEATURES] [K] [RESTARTS]"
build="${1:?$usage}"
rows="${2:-1000000}"
features="${3:-8}"
k="${4:-8}"
restarts="${5:-10}"
seed="${SEED:-0}"
runs="${RUNS:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
bench="$build/bin/segwb-kmeans-bench"
[ -x "$bench" ] || { echo "no $bench: cmake --build $build --target segwb-kmeans-bench" >&2; exit 1; }
python=/usr/bin/python3
"$python" -c 'import sklearn, numpy' 2>/dev/null \
    || { echo "install scikit-learn (apt-get install python3-sklearn)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1
cores=$(nproc)

work="${SEGWB_BENCH_DIR:-${TMPDIR:-/var/tmp}/segwb-kmeans-bench}"
mkdir -p "$work"
data="$work/blobs-${rows}x${features}-k${k}.f64"
if [ ! -f "$data" ]; then
    "$python" - "$data.part" "$rows" "$features" "$k" <<'PY'
import sys
import numpy as np
path, n, d, blobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(20261130)
centres = rng.uniform(-3.0, 3.0, size=(blobs, d))   # close enough for neighbours to overlap
spreads = rng.uniform(0.8, 2.0, size=blobs)          # standard deviation of each blob
weights = rng.uniform(0.5, 1.5, size=blobs)
labels = rng.choice(blobs, size=n, p=weights / weights.sum())
x = centres[labels] + rng.standard_normal((n, d)) * spreads[labels, None]
with open(path, "wb") as f:
    np.array([n, d], dtype="<i8").tofile(f)
    x.astype("<f8").tofile(f)
PY
    mv "$data.part" "$data"
fi

val() { awk -v key="$2" '$1 == key {print $2}' "$1"; }
loadStart=$(cut -d' ' -f1-3 /proc/loadavg)

# run NAME COMMAND...: runs it RUNS times and keeps the output of the fastest run in $work/NAME.
run() {
    local name=$1
    shift
    rm -f "$work/$name"
    for _ in $(seq "$runs"); do
        "$@" >"$work/$name.try"
        if [ ! -f "$work/$name" ] || awk -v a="$(val "$work/$name.try" wall_s)" \
            -v b="$(val "$work/$name" wall_s)" 'BEGIN {exit !(a < b)}'; then
            mv "$work/$name.try" "$work/$name"
        fi
    done
    rm -f "$work/$name.try"
}
args=(--k "$k" --restarts "$restarts" --seed "$seed")
run ours "$bench" "$data" "${args[@]}"
run sklearn env -u OMP_NUM_THREADS "$python" "$here/kmeans_sklearn.py" "$data" "${args[@]}"
run ours1 "$bench" "$data" "${args[@]}" --threads 1
run sklearn1 env OMP_NUM_THREADS=1 "$python" "$here/kmeans_sklearn.py" "$data" "${args[@]}"
loadEnd=$(cut -d' ' -f1-3 /proc/loadavg)

row() {
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$2" "$(val "$1" wall_s)" "$(val "$1" cpu_s)" \
        "$(awk -v v="$(val "$1" inertia)" 'BEGIN {printf "%.6f", v}')" "$(val "$1" iterations)" \
        "$(val "$1" threads)" "$(val "$1" peak_rss_mib)"
}
ratio() { awk -v a="$(val "$1" "$3")" -v b="$(val "$2" "$3")" 'BEGIN {printf "%.2f", a / b}'; }
# notAbove OURS PEER: our inertia ≤ the peer's × (1 + 1e-6).
notAbove() {
    awk -v a="$(val "$1" inertia)" -v b="$(val "$2" inertia)" 'BEGIN {exit !(a <= b * (1 + 1e-6))}'
}
relative() {
    awk -v a="$(val "$1" inertia)" -v b="$(val "$2" inertia)" 'BEGIN {printf "%+.2e", (a - b) / b}'
}
ok=1
notAbove "$work/ours" "$work/sklearn" || ok=0
notAbove "$work/ours1" "$work/sklearn1" || ok=0
wallRatio=$(ratio "$work/ours" "$work/sklearn" wall_s)
target=$(awk -v r="$wallRatio" -v ok="$ok" 'BEGIN {print (r < 1 / 3 && ok) ? "met" : "NOT met"}')
skVersion=$(val "$work/sklearn" version)
runsText=$([ "$runs" -gt 1 ] && echo ", fastest of $runs runs" || echo ", one run each")

cat <<REPORT
### k-means, $rows rows × $features features, k = $k, $restarts restarts, seed $seed$runsText

| tool | wall s | CPU s | inertia | iterations | threads | peak RSS MiB |
|---|---|---|---|---|---|---|
$(row "$work/ours" "segwb-kmeans-bench (seg::KMeans), all cores")
$(row "$work/sklearn" "scikit-learn $skVersion KMeans lloyd, default threading (OpenMP)")
$(row "$work/ours1" "segwb-kmeans-bench, --threads 1")
$(row "$work/sklearn1" "scikit-learn, OMP_NUM_THREADS=1")

Times are of the fit alone (file loading excluded on both sides); CPU is the whole process's
(all threads) over the fit; iterations are those of the best restart; peak RSS includes the data.
Both: max_iter 300, tol 1e-4 (relative to the mean column variance), k-means++ (greedy, 2 + ln k
candidates), OPENBLAS_NUM_THREADS=1. Ours keeps refining its best run until no label changes
(KMeansOptions::refine, the default), within max_iter in all.

Ours / scikit-learn, all cores: **${wallRatio}×** wall, $(ratio "$work/ours" "$work/sklearn" cpu_s)× CPU; one thread each: $(ratio "$work/ours1" "$work/sklearn1" wall_s)× wall, $(ratio "$work/ours1" "$work/sklearn1" cpu_s)× CPU.
Inertia, ours against scikit-learn's: $(relative "$work/ours" "$work/sklearn") (all cores), $(relative "$work/ours1" "$work/sklearn1") (one thread).
Target (all cores: under a third of scikit-learn's time, inertia at most scikit-learn's × (1 + 1e-6)): **$target**.

Machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); NumPy $("$python" -c 'import numpy; print(numpy.__version__)'); load average $loadStart at the start, $loadEnd at the end.
Data: $data ($(du -m "$data" | cut -f1) MiB).
REPORT
if [ "$ok" != 1 ]; then
    echo "FAILED: our inertia is above scikit-learn's × (1 + 1e-6)." >&2
    exit 1
fi
