#!/usr/bin/python3
"""Customer metrics and RFM of Online Retail, computed independently from the raw CSV.

Reference for tests/core/tst_realdata_rfm.cpp (see REFERENCE.md, section 7). Reads only
/work/shared/data/online_retail/online_retail.csv (or $SEGWB_DATA_DIR/online_retail/...).

Definitions (../shared/PRODUCT.md, "Default definitions"), applied to the raw file:
- customers: rows with a non-blank CustomerID (rows without one are not customers);
- amount = Quantity x UnitPrice; cancellations (InvoiceNo "C...") are negative lines, i.e.
  returns: they count in revenue, and their invoice is an order only if its total is > 0;
- analysis date = the day after the last customer transaction; only earlier lines count;
- an order = a distinct InvoiceNo of the customer whose lines sum to > 0, dated by its
  earliest line (day); recency / tenure = analysis date - last / first order day, in days;
- RFM, 5 bins: thresholds = numpy.quantile (type 7) at 0.2 .. 0.8 of the scored customers
  (orders > 0); bin = 1 + number of thresholds strictly below the value; R = 6 - bin;
  FM = (F + M + 1) // 2; the default 11-segment map on R and FM.

Method A: pandas + NumPy (float64). Method B: csv module, decimal.Decimal amounts and a
hand-written type-7 quantile; every figure of A is checked against B.
"""
import csv
import datetime as dt
import os
import sys
from decimal import Decimal

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

DATA = os.environ.get("SEGWB_DATA_DIR", "/work/shared/data")
FILE = os.path.join(DATA, "online_retail", "online_retail.csv")
BINS = 5
MAP = [
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
SPOT = ["12346", "12347", "17850"]


def segment(r, fm):
    for name, (rlo, rhi), (flo, fhi) in MAP:
        if rlo <= r <= rhi and flo <= fm <= fhi:
            return name
    return "Other"


def method_a():
    """pandas: read_csv, groupby, numpy.quantile, searchsorted."""
    df = pd.read_csv(FILE, encoding="cp1252", dtype=str, keep_default_na=False)
    df = df[df["CustomerID"].str.strip() != ""].copy()
    df["day"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%Y %H:%M").dt.normalize()
    df["amount"] = df["Quantity"].astype(np.int64) * df["UnitPrice"].astype(np.float64)
    analysis = df["day"].max() + pd.Timedelta(days=1)
    df = df[df["day"] < analysis]
    orders = (
        df.groupby(["CustomerID", "InvoiceNo"]).agg(total=("amount", "sum"), day=("day", "min")).reset_index()
    )
    pos = orders[orders["total"] > 0]
    per = pos.groupby("CustomerID").agg(orders=("total", "size"), first=("day", "min"), last=("day", "max"))
    m = df.groupby("CustomerID")["amount"].sum().rename("revenue").to_frame().join(per)
    m["orders"] = m["orders"].fillna(0).astype(np.int64)
    b = m[m["orders"] > 0].copy()
    b["recency"] = (analysis - b["last"]).dt.days
    b["tenure"] = (analysis - b["first"]).dt.days
    b["aov"] = b["revenue"] / b["orders"]
    b["mdbo"] = ((b["last"] - b["first"]).dt.days / (b["orders"] - 1)).where(b["orders"] > 1)
    probs = np.arange(1, BINS) / BINS
    res = {"analysis": analysis.date(), "customers": len(m), "buyers": len(b),
           "prospects": len(m) - len(b), "orders": int(b["orders"].sum()),
           "revenue": float(m["revenue"].sum()), "lines": len(df)}
    score = {}
    for dim, col in (("R", "recency"), ("F", "orders"), ("M", "revenue")):
        v = b[col].to_numpy(dtype=np.float64)
        t = np.quantile(v, probs)
        s = np.searchsorted(t, v, side="left") + 1
        if dim == "R":
            s = BINS + 1 - s
        score[dim] = s
        res[dim] = (t.tolist(), np.bincount(s, minlength=BINS + 1)[1:].tolist())
    b["R"], b["F"], b["M"] = score["R"], score["F"], score["M"]
    b["FM"] = (b["F"] + b["M"] + 1) // 2
    b["segment"] = [segment(r, fm) for r, fm in zip(b["R"], b["FM"])]
    g = b.groupby("segment").agg(customers=("revenue", "size"), revenue=("revenue", "sum"))
    res["segments"] = {s: (int(g.loc[s, "customers"]), float(g.loc[s, "revenue"])) for s in g.index}
    res["spot"] = {c: m.loc[c].to_dict() | (b.loc[c].to_dict() if c in b.index else {}) for c in SPOT}
    return res


def quantile7(sorted_values, p):
    h = (len(sorted_values) - 1) * p
    lo = int(h // 1)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def method_b():
    """csv module, Decimal amounts, Fractions-free hand-written type-7 quantiles."""
    lines = []
    with open(FILE, encoding="cp1252", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        ix = {n: i for i, n in enumerate(header)}
        for row in r:
            cid = row[ix["CustomerID"]].strip()
            if not cid:
                continue
            day = dt.datetime.strptime(row[ix["InvoiceDate"]], "%m/%d/%Y %H:%M").date()
            amount = Decimal(row[ix["Quantity"]]) * Decimal(row[ix["UnitPrice"]])
            lines.append((cid, row[ix["InvoiceNo"]], day, amount))
    analysis = max(x[2] for x in lines) + dt.timedelta(days=1)
    revenue, orders = {}, {}
    for cid, inv, day, amount in lines:
        if day >= analysis:
            continue
        revenue[cid] = revenue.get(cid, Decimal(0)) + amount
        o = orders.setdefault((cid, inv), [Decimal(0), day])
        o[0] += amount
        o[1] = min(o[1], day)
    n, first, last = {}, {}, {}
    for (cid, _), (total, day) in orders.items():
        if total > 0:
            n[cid] = n.get(cid, 0) + 1
            first[cid] = min(first.get(cid, day), day)
            last[cid] = max(last.get(cid, day), day)
    buyers = sorted(n)
    rec = {c: (analysis - last[c]).days for c in buyers}
    res = {"analysis": analysis, "customers": len(revenue), "buyers": len(buyers),
           "prospects": len(revenue) - len(buyers), "orders": sum(n.values()),
           "revenue": sum(revenue.values())}
    values = {"R": rec, "F": n, "M": {c: float(revenue[c]) for c in buyers}}
    scores = {}
    for dim in ("R", "F", "M"):
        sv = sorted(float(values[dim][c]) for c in buyers)
        t = [quantile7(sv, i / BINS) for i in range(1, BINS)]
        s = {c: 1 + sum(1 for x in t if float(values[dim][c]) > x) for c in buyers}
        if dim == "R":
            s = {c: BINS + 1 - v for c, v in s.items()}
        scores[dim] = s
        res[dim] = (t, [sum(1 for c in buyers if s[c] == k) for k in range(1, BINS + 1)])
    segs = {}
    for c in buyers:
        name = segment(scores["R"][c], (scores["F"][c] + scores["M"][c] + 1) // 2)
        k, v = segs.get(name, (0, Decimal(0)))
        segs[name] = (k + 1, v + revenue[c])
    res["segments"] = segs
    return res


def main():
    a = method_a()
    b = method_b()
    problems = []

    def same(what, x, y, tol=1e-9):
        if isinstance(x, (float, Decimal)) or isinstance(y, (float, Decimal)):
            ok = abs(float(x) - float(y)) <= tol * max(1.0, abs(float(x)))
        else:
            ok = x == y
        if not ok:
            problems.append(f"{what}: A {x!r} B {y!r}")

    for k in ("analysis", "customers", "buyers", "prospects", "orders", "revenue"):
        same(k, a[k], b[k])
    for dim in ("R", "F", "M"):
        for i, (x, y) in enumerate(zip(a[dim][0], b[dim][0]), 1):
            same(f"{dim} threshold {i}", x, y)
        same(f"{dim} counts", a[dim][1], b[dim][1])
    for s in set(a["segments"]) | set(b["segments"]):
        x, y = a["segments"].get(s, (0, 0.0)), b["segments"].get(s, (0, Decimal(0)))
        same(f"{s} customers", x[0], y[0])
        same(f"{s} revenue", x[1], y[1])

    print(f"analysis date {a['analysis']}  (lines used {a['lines']})")
    print(f"customers {a['customers']}  buyers {a['buyers']}  prospects {a['prospects']}  "
          f"orders {a['orders']}")
    print(f"revenue A {a['revenue']:.6f}  B (exact) {b['revenue']}")
    for dim in ("R", "F", "M"):
        print(f"{dim} thresholds A {[repr(x) for x in a[dim][0]]}")
        print(f"{dim} thresholds B {[repr(x) for x in b[dim][0]]}")
        print(f"{dim} counts per score 1..5: {a[dim][1]}")
    print("segments (map order): customers, revenue A (float), revenue B (exact Decimal)")
    for name in [n for n, _, _ in MAP] + ["Other"]:
        x = a["segments"].get(name, (0, 0.0))
        y = b["segments"].get(name, (0, Decimal(0)))
        print(f"  {name:22} {x[0]:6d} {x[1]:16.6f} {y[1]}")
    for c, d in a["spot"].items():
        keys = ["orders", "revenue", "first", "last", "recency", "tenure", "aov", "mdbo", "R", "F", "M", "FM", "segment"]
        print(f"spot {c}: " + ", ".join(f"{k}={d[k]}" for k in keys if k in d))
    if problems:
        print("METHODS DISAGREE:", *problems, sep="\n  ")
        sys.exit(1)
    print("methods A and B agree")


if __name__ == "__main__":
    main()
