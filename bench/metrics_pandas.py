#!/usr/bin/python3
"""Peer of `segwb metrics` + `segwb rfm` in pandas, for bench/metrics_bench.sh.

    metrics_pandas.py TRANSACTIONS_CSV [CUSTOMERS_CSV] [--bins N] [--json OUT]

Reads the demo generator's transactions.csv (order_id, customer_id, order_date, amount, ...)
with read_csv and computes the same definitions as CustomerMetrics and RfmModel
(../shared/PRODUCT.md, "Default definitions"):
- analysis date = the day after the last transaction; only transactions dated before it count;
- an order = a distinct order id of the customer (a distinct purchase day for lines without
  one) whose lines sum to more than 0, dated by its earliest line; returns count in revenue;
- recency / tenure = analysis date - last / first order date in days; average order value;
  mean days between orders; distinct categories; top channel (ties: alphabetically first);
- RFM: thresholds = numpy.quantile (type 7, the default 'linear') of the scored customers
  (orders > 0) at i/bins; bin = 1 + number of thresholds strictly below the value
  (np.searchsorted side='left'); R = bins + 1 - bin; FM = (F + M + 1) // 2; default map.

Prints "pandas_seconds WALL CPU", the seconds from read_csv to the segment sizes (interpreter
start and pandas import not included), on stderr and writes the results as JSON (thresholds, counts, segments, summary) to --json.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# Default map (PRODUCT.md): name, R range, FM range; first match wins.
DEFAULT_MAP = [
    ("Champions", (5, 5), (4, 5)),
    ("Loyal Customers", (3, 4), (4, 5)),
    ("Potential Loyalists", (4, 5), (2, 3)),
    ("New Customers", (5, 5), (1, 1)),
    ("Promising", (4, 4), (1, 1)),
    ("Need Attention", (3, 3), (3, 3)),
    ("About To Sleep", (3, 3), (1, 2)),
    ("At Risk", (1, 2), (3, 4)),
    ("Can't Lose Them", (1, 2), (5, 5)),
    ("Hibernating", (2, 2), (1, 2)),
    ("Lost", (1, 1), (1, 2)),
]


def segment_table(bins):
    """(bins+1) x (bins+1) array of segment indexes by [R, FM]; len(DEFAULT_MAP) = Other."""
    table = np.full((bins + 1, bins + 1), len(DEFAULT_MAP), dtype=np.int64)
    for r in range(1, bins + 1):
        for fm in range(1, bins + 1):
            for i, (_, (rlo, rhi), (flo, fhi)) in enumerate(DEFAULT_MAP):
                if rlo <= r <= rhi and flo <= fm <= fhi:
                    table[r, fm] = i
                    break
    return table


def compute(tx_path, customers_path, bins):
    tx = pd.read_csv(
        tx_path,
        usecols=["order_id", "customer_id", "order_date", "amount", "category", "channel"],
        dtype={
            "order_id": str,
            "customer_id": str,
            "order_date": str,
            "amount": np.float64,
            "category": str,
            "channel": str,
        },
    )
    tx = tx[tx["customer_id"].notna()]
    # Whole days as datetime64[D]; the time of day does not matter.
    day = pd.to_datetime(tx["order_date"].str.slice(0, 10), format="%Y-%m-%d").values.astype(
        "datetime64[D]"
    )
    analysis = day.max() + np.timedelta64(1, "D")
    used = day < analysis
    tx = tx.loc[used].assign(day=day[used])
    tx["amount"] = tx["amount"].fillna(0.0)
    # Lines without an order id: one order per purchase day.
    missing = tx["order_id"].isna()
    if missing.any():
        tx.loc[missing, "order_id"] = "\x1fday " + tx.loc[missing, "day"].astype(str)

    orders = tx.groupby(["customer_id", "order_id"], sort=False).agg(
        total=("amount", "sum"), day=("day", "min")
    )
    orders = orders[orders["total"] > 0].reset_index()
    per = orders.groupby("customer_id", sort=False).agg(
        orders=("total", "size"), first=("day", "min"), last=("day", "max")
    )
    revenue = tx.groupby("customer_id", sort=False)["amount"].sum()
    ids = revenue.index
    if customers_path:
        cust = pd.read_csv(customers_path, usecols=["customer_id"], dtype={"customer_id": str})
        ids = ids.union(pd.Index(cust["customer_id"].dropna().unique()))
    m = pd.DataFrame(index=ids)
    m["revenue"] = revenue.reindex(ids).fillna(0.0)
    m = m.join(per)
    m["orders"] = m["orders"].fillna(0).astype(np.int64)
    # Distinct categories over all the customer's transactions; top channel = the channel of
    # most transactions, ties to the alphabetically first.
    m["categories"] = (
        tx.groupby("customer_id", sort=False)["category"].nunique().reindex(ids).fillna(0)
    ).astype(np.int64)
    channels = tx[tx["channel"].notna()].groupby(["customer_id", "channel"]).size()
    channels = channels.rename("n").reset_index()
    channels = channels.sort_values(["customer_id", "n", "channel"], ascending=[True, False, True])
    top = channels.drop_duplicates("customer_id").set_index("customer_id")["channel"]
    m["top_channel"] = top.reindex(ids)
    buyers = m[m["orders"] > 0].copy()
    buyers["recency"] = (analysis - buyers["last"].values.astype("datetime64[D]")).astype(np.int64)
    buyers["tenure"] = (analysis - buyers["first"].values.astype("datetime64[D]")).astype(np.int64)
    buyers["aov"] = buyers["revenue"] / buyers["orders"]
    span = (buyers["last"] - buyers["first"]).dt.days
    buyers["mean_days_between"] = (span / (buyers["orders"] - 1)).where(buyers["orders"] >= 2)

    # RFM on the scored customers.
    probs = np.arange(1, bins) / bins
    dims = {}
    scores = {}
    for name, col in (("recency", "recency"), ("frequency", "orders"), ("monetary", "revenue")):
        values = buyers[col].to_numpy(dtype=np.float64)
        thresholds = np.quantile(values, probs)
        b = np.searchsorted(thresholds, values, side="left") + 1
        s = bins + 1 - b if name == "recency" else b
        scores[name] = s
        dims[name] = {
            "thresholds": thresholds.tolist(),
            "counts": np.bincount(s, minlength=bins + 1)[1:].tolist(),
        }
    fm = (scores["frequency"] + scores["monetary"] + 1) // 2
    seg = segment_table(bins)[scores["recency"], fm]
    names = [n for n, _, _ in DEFAULT_MAP] + ["Other"]
    seg_customers = np.bincount(seg, minlength=len(names))
    seg_revenue = np.bincount(seg, weights=buyers["revenue"].to_numpy(), minlength=len(names))
    segments = [
        {"name": names[i], "customers": int(seg_customers[i]), "revenue": float(seg_revenue[i])}
        for i in range(len(names))
        if i < len(DEFAULT_MAP) or seg_customers[i] > 0
    ]
    return {
        "analysis_date": str(analysis),
        "customers": int(len(m)),
        "buyers": int(len(buyers)),
        "prospects": int(len(m) - len(buyers)),
        "transactions_used": int(len(tx)),
        "orders": int(buyers["orders"].sum()),
        "revenue": float(m["revenue"].sum()),
        "categories_total": int(m["categories"].sum()),
        "top_channels": {
            str(k): int(v) for k, v in m["top_channel"].fillna("").value_counts().items()
        },
        "bins": bins,
        "recency": dims["recency"],
        "frequency": dims["frequency"],
        "monetary": dims["monetary"],
        "segments": segments,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("transactions")
    p.add_argument("customers", nargs="?")
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--json", help="write the results here")
    a = p.parse_args()
    t0, c0 = time.perf_counter(), time.process_time()
    out = compute(a.transactions, a.customers, a.bins)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"pandas_seconds {elapsed:.3f} {cpu:.3f}", file=sys.stderr)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
