#!/usr/bin/python3
"""Checks that segwb, pandas and the sqlite3 shell computed the same metrics and RFM result.

    metrics_compare.py OURS_METRICS.json OURS_RFM.json OURS_EXTRA.json PANDAS.json SQLITE.txt

OURS_EXTRA.json is `segwb sql --json` of the sum of customer_metrics.categories and the customers
per top_channel (see metrics_bench.sh).
Compares the summary (analysis date, customers, buyers, prospects, orders, revenue, sum of
distinct categories, customers per top channel), the
thresholds and per-score counts of R, F and M, and each segment's customers and revenue.
Numbers agree when |a - b| <= 1e-6 * max(1, |a|, |b|); counts must be equal. Prints a table
and exits 1 on any difference.
"""
import json
import sys

REL = 1e-6


def load_ours(metrics_path, rfm_path, extra_path):
    with open(metrics_path, encoding="utf-8") as f:
        m = json.load(f)
    with open(rfm_path, encoding="utf-8") as f:
        r = json.load(f)
    out = {k: m[k] for k in ("analysis_date", "customers", "buyers", "prospects", "orders", "revenue")}
    for dim in ("recency", "frequency", "monetary"):
        out[dim] = {"thresholds": r[dim]["thresholds"], "counts": r[dim]["counts"]}
    out["segments"] = {s["name"]: (s["customers"], s["revenue"]) for s in r["segments"]}
    out["scored"] = r["customers_scored"]
    # segwb sql --json: rows ["categories_total", N] and ["channel NAME", N].
    with open(extra_path, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    out["top_channels"] = {}
    for key, value in rows:
        if key == "categories_total":
            out["categories_total"] = int(value or 0)
        else:
            out["top_channels"][key[len("channel "):]] = int(value)
    return out


def load_pandas(path):
    with open(path, encoding="utf-8") as f:
        p = json.load(f)
    out = {k: p[k] for k in ("analysis_date", "customers", "buyers", "prospects", "orders", "revenue")}
    for dim in ("recency", "frequency", "monetary"):
        out[dim] = p[dim]
    out["segments"] = {s["name"]: (s["customers"], s["revenue"]) for s in p["segments"]}
    out["scored"] = p["buyers"]
    out["categories_total"] = p["categories_total"]
    out["top_channels"] = p["top_channels"]
    return out


def load_sqlite(path, bins):
    out = {"segments": {}, "top_channels": {}}
    thresholds = {d: {} for d in ("recency", "frequency", "monetary")}
    counts = {d: [0] * bins for d in ("recency", "frequency", "monetary")}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("|")
            kind = parts[0]
            if kind == "summary":
                key, value = parts[1], parts[2]
                out[key] = value if key == "analysis_date" else float(value)
            elif kind == "threshold":
                thresholds[parts[1]][int(parts[2])] = float(parts[3])
            elif kind == "count":
                counts[parts[1]][int(parts[2]) - 1] = int(parts[3])
            elif kind == "channel":
                out["top_channels"][parts[1]] = int(parts[2])
            elif kind == "segment":
                out["segments"][parts[1]] = (int(parts[2]), float(parts[3]))
    for d in thresholds:
        out[d] = {"thresholds": [thresholds[d][i] for i in sorted(thresholds[d])], "counts": counts[d]}
    out["scored"] = out["buyers"]
    return out


def close(a, b):
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def main():
    ours = load_ours(sys.argv[1], sys.argv[2], sys.argv[3])
    bins = len(ours["recency"]["counts"])
    peers = {"pandas": load_pandas(sys.argv[4]), "sqlite3": load_sqlite(sys.argv[5], bins)}
    failures = []

    def check(what, a, peer, b, exact):
        ok = a == b if exact else (isinstance(a, (int, float)) and isinstance(b, (int, float)) and close(a, b))
        if not ok:
            failures.append(f"{what}: segwb {a!r} != {peer} {b!r}")

    for name, p in peers.items():
        check("analysis date", ours["analysis_date"], name, p["analysis_date"], True)
        for key in ("customers", "buyers", "prospects", "orders"):
            check(key, ours[key], name, int(p[key]), True)
        check("revenue", ours["revenue"], name, float(p["revenue"]), False)
        check("sum of categories", ours["categories_total"], name, int(p["categories_total"]), True)
        check("customers per top channel", ours["top_channels"], name, p["top_channels"], True)
        for dim in ("recency", "frequency", "monetary"):
            ta, tb = ours[dim]["thresholds"], p[dim]["thresholds"]
            if len(ta) != len(tb):
                failures.append(f"{dim} thresholds: segwb {ta} != {name} {tb}")
            else:
                for i, (a, b) in enumerate(zip(ta, tb), 1):
                    check(f"{dim} threshold {i}", a, name, b, False)
            check(f"{dim} counts", list(ours[dim]["counts"]), name, list(p[dim]["counts"]), True)
        names = set(ours["segments"]) | {n for n, v in p["segments"].items() if v[0] > 0}
        for seg in sorted(names):
            a = ours["segments"].get(seg, (0, 0.0))
            b = p["segments"].get(seg, (0, 0.0))
            check(f"segment {seg} customers", a[0], name, b[0], True)
            check(f"segment {seg} revenue", a[1], name, b[1], False)

    print(f"analysis date {ours['analysis_date']}; customers {ours['customers']}, buyers "
          f"{ours['buyers']}, prospects {ours['prospects']}, orders {ours['orders']}, revenue "
          f"{ours['revenue']:.2f}, sum of categories {ours['categories_total']}, customers per top "
          f"channel {dict(sorted(ours['top_channels'].items()))}")
    for dim in ("recency", "frequency", "monetary"):
        t = ", ".join(f"{v:.10g}" for v in ours[dim]["thresholds"])
        print(f"{dim}: thresholds {t}; counts per score 1..{bins}: {ours[dim]['counts']}")
    for seg, (n, rev) in ours["segments"].items():
        print(f"  {seg:22} {n:8d} {rev:16.2f}")
    if failures:
        print("MISMATCH between segwb and a peer:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        sys.exit(1)
    print("segwb, pandas and sqlite3 agree (thresholds, counts, segments, summary; "
          f"relative tolerance {REL:g})")


if __name__ == "__main__":
    main()
