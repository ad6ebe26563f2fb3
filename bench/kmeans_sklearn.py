#!/usr/bin/python3
"""scikit-learn's KMeans on the matrix file of bench/kmeans_bench.sh (the peer of
segwb-kmeans-bench): KMeans(n_clusters=k, n_init=restarts, algorithm="lloyd",
random_state=seed, max_iter=300, tol=1e-4). Only fit() is timed; loading the file is not.
Prints one "key value" line per figure, as segwb-kmeans-bench does.

    kmeans_sklearn.py FILE [--k K] [--restarts N] [--seed S]

FILE: binary (two little-endian int64, rows and columns, then the rows as little-endian float64)
or CSV when its name ends in .csv. Threads: scikit-learn's Lloyd runs its restarts one after the
other and splits each iteration's rows over OpenMP threads (OMP_NUM_THREADS, default all
cores); the script prints the number it used.
"""
import argparse
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans


def load(path):
    if path.endswith(".csv"):
        return np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2)
    rows, cols = np.fromfile(path, dtype="<i8", count=2)
    data = np.fromfile(path, dtype="<f8", offset=16)
    if data.size != rows * cols:
        sys.exit(f"{path}: the file does not hold {rows} x {cols} numbers")
    return np.ascontiguousarray(data.reshape(rows, cols), dtype=np.float64)


def openmp_threads():
    try:  # what KMeans itself uses (private helper, present since scikit-learn 0.23)
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
        return _openmp_effective_n_threads()
    except ImportError:
        from threadpoolctl import threadpool_info
        return max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp"),
                   default=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--restarts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    x = load(args.file)
    model = KMeans(n_clusters=args.k, n_init=args.restarts, algorithm="lloyd",
                   random_state=args.seed, max_iter=300, tol=1e-4)
    cpu0 = time.process_time()  # CLOCK_PROCESS_CPUTIME_ID: all threads of the process
    wall0 = time.perf_counter()
    model.fit(x)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0

    print("tool scikit-learn")
    print(f"rows {x.shape[0]}")
    print(f"features {x.shape[1]}")
    print(f"k {args.k}")
    print(f"restarts {args.restarts}")
    print(f"wall_s {wall:.3f}")
    print(f"cpu_s {cpu:.3f}")
    print(f"inertia {model.inertia_:.17g}")
    print(f"iterations {model.n_iter_}")
    print(f"threads {openmp_threads()}")
    print(f"peak_rss_mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
    print(f"version {sklearn.__version__}")


if __name__ == "__main__":
    main()
