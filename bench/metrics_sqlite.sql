-- Peer of `segwb metrics` + `segwb rfm` in the sqlite3 shell, for bench/metrics_bench.sh.
--
--   sqlite3 plain.db < bench/metrics_sqlite.sql
--
-- plain.db holds the demo generator's CSV files as plain tables, loaded with the shell's
-- .import (see metrics_bench.sh): tx(order_id TEXT, customer_id TEXT, order_date TEXT,
-- amount REAL, category TEXT, channel TEXT) and cust(customer_id TEXT, ...).
-- Same definitions as CustomerMetrics and RfmModel (../shared/PRODUCT.md):
-- - analysis date = the day after the last transaction; only transactions before it count;
-- - an order = a distinct order id of the customer (a purchase day for lines without one)
--   whose lines sum to more than 0, dated by its earliest line; returns count in revenue;
-- - recency / tenure = analysis date - last / first order date, in days; average order value;
--   mean days between orders; distinct categories; top channel (ties: alphabetically first);
-- - RFM thresholds = type-7 quantiles (NumPy's default) of the scored customers (orders > 0):
--   h = (N - 1) * i / bins, t_i = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h])
--   with x the values sorted by row_number() (NTILE is a different binning);
--   bin = 1 + the number of thresholds strictly below the value; R = bins + 1 - bin;
--   FM = (F + M + 1) / 2 in integers; the default segment map, first matching row wins.
-- Intermediate results are TEMP tables in memory; nothing is written to plain.db.
-- Output: pipe-separated lines "kind|key|...|value" that metrics_compare.py reads.
.bail on
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -65536;

CREATE TEMP TABLE params AS
SELECT date(max(order_date), '+1 day') AS ad, 5 AS bins FROM tx WHERE customer_id <> '';

-- One row per order: customer, total, earliest day.
CREATE TEMP TABLE ord AS
SELECT customer_id, sum(amount) AS total, min(substr(order_date, 1, 10)) AS d
FROM tx, params
WHERE customer_id <> '' AND order_date < ad
GROUP BY customer_id, coalesce(nullif(order_id, ''), 'day ' || substr(order_date, 1, 10));

-- Distinct categories and the top channel (most transactions, ties: alphabetically first).
CREATE TEMP TABLE cats AS
SELECT customer_id, count(DISTINCT nullif(category, '')) AS categories
FROM tx, params
WHERE customer_id <> '' AND order_date < ad
GROUP BY customer_id;
CREATE TEMP TABLE chan AS
SELECT customer_id, channel AS top_channel FROM (
    SELECT customer_id, channel,
        row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC, channel) AS k
    FROM tx, params
    WHERE customer_id <> '' AND channel <> '' AND order_date < ad
    GROUP BY customer_id, channel
) WHERE k = 1;

-- Customer metrics: every customer with a transaction or a row in cust.
CREATE TEMP TABLE metrics AS
WITH o AS (
    SELECT customer_id, sum(total) AS revenue, sum(total > 0) AS orders,
        min(CASE WHEN total > 0 THEN d END) AS first, max(CASE WHEN total > 0 THEN d END) AS last
    FROM ord GROUP BY customer_id
), ids AS (
    SELECT customer_id FROM o UNION SELECT customer_id FROM cust WHERE customer_id <> ''
)
SELECT ids.customer_id, o.first, o.last, coalesce(o.orders, 0) AS orders,
    coalesce(o.revenue, 0.0) AS revenue,
    CASE WHEN o.orders > 0 THEN o.revenue / o.orders END AS aov,
    CASE WHEN o.orders > 0 THEN CAST(julianday(ad) - julianday(o.last) AS INTEGER) END AS recency,
    CASE WHEN o.orders > 0 THEN CAST(julianday(ad) - julianday(o.first) AS INTEGER) END AS tenure,
    CASE WHEN o.orders > 1 THEN (julianday(o.last) - julianday(o.first)) / (o.orders - 1) END
        AS mean_days_between,
    coalesce(cats.categories, 0) AS categories, chan.top_channel
FROM ids LEFT JOIN o USING (customer_id) LEFT JOIN cats USING (customer_id)
    LEFT JOIN chan USING (customer_id), params;

CREATE TEMP TABLE scored AS
SELECT customer_id, CAST(recency AS REAL) AS r, CAST(orders AS REAL) AS f, revenue AS m
FROM metrics WHERE orders > 0;

-- Values of each dimension in ascending order, numbered 1..N.
CREATE TEMP TABLE sorted (dim TEXT, rn INTEGER, v REAL, PRIMARY KEY (dim, rn)) WITHOUT ROWID;
INSERT INTO sorted SELECT 'recency', row_number() OVER (ORDER BY r), r FROM scored;
INSERT INTO sorted SELECT 'frequency', row_number() OVER (ORDER BY f), f FROM scored;
INSERT INTO sorted SELECT 'monetary', row_number() OVER (ORDER BY m), m FROM scored;

-- Type-7 quantiles at i / bins, i = 1..bins-1.
CREATE TEMP TABLE thresholds AS
WITH RECURSIVE k(i) AS (
    SELECT 1 UNION ALL SELECT i + 1 FROM k, params WHERE i < bins - 1
), n AS (SELECT count(*) AS n FROM scored),
h AS (
    SELECT dim, i, ((n - 1) * i) / CAST(bins AS REAL) AS h, n
    FROM k, n, params, (SELECT 'recency' AS dim UNION ALL SELECT 'frequency' UNION ALL SELECT 'monetary')
)
SELECT h.dim, h.i, lo.v + (h.h - CAST(h.h AS INTEGER)) * (hi.v - lo.v) AS t
FROM h
JOIN sorted lo ON lo.dim = h.dim AND lo.rn = CAST(h.h AS INTEGER) + 1
JOIN sorted hi ON hi.dim = h.dim AND hi.rn = min(CAST(h.h AS INTEGER) + 2, h.n);

-- The default map as first-match cells (R, FM) -> segment.
CREATE TEMP TABLE map (seq INTEGER, name TEXT, rlo INTEGER, rhi INTEGER, flo INTEGER, fhi INTEGER);
INSERT INTO map VALUES
    (1, 'Champions', 5, 5, 4, 5), (2, 'Loyal Customers', 3, 4, 4, 5),
    (3, 'Potential Loyalists', 4, 5, 2, 3), (4, 'New Customers', 5, 5, 1, 1),
    (5, 'Promising', 4, 4, 1, 1), (6, 'Need Attention', 3, 3, 3, 3),
    (7, 'About To Sleep', 3, 3, 1, 2), (8, 'At Risk', 1, 2, 3, 4),
    (9, 'Can''t Lose Them', 1, 2, 5, 5), (10, 'Hibernating', 2, 2, 1, 2),
    (11, 'Lost', 1, 1, 1, 2);
CREATE TEMP TABLE cells AS
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s, params WHERE x < bins)
SELECT a.x AS r, b.x AS fm,
    coalesce((SELECT name FROM map WHERE a.x BETWEEN rlo AND rhi AND b.x BETWEEN flo AND fhi
              ORDER BY seq LIMIT 1), 'Other') AS name
FROM s a, s b;

-- Scores: bin = 1 + number of thresholds strictly below the value.
CREATE TEMP TABLE rfm AS
WITH t AS (
    SELECT
        max(CASE WHEN dim = 'recency' AND i = 1 THEN t END) AS r1,
        max(CASE WHEN dim = 'recency' AND i = 2 THEN t END) AS r2,
        max(CASE WHEN dim = 'recency' AND i = 3 THEN t END) AS r3,
        max(CASE WHEN dim = 'recency' AND i = 4 THEN t END) AS r4,
        max(CASE WHEN dim = 'frequency' AND i = 1 THEN t END) AS f1,
        max(CASE WHEN dim = 'frequency' AND i = 2 THEN t END) AS f2,
        max(CASE WHEN dim = 'frequency' AND i = 3 THEN t END) AS f3,
        max(CASE WHEN dim = 'frequency' AND i = 4 THEN t END) AS f4,
        max(CASE WHEN dim = 'monetary' AND i = 1 THEN t END) AS m1,
        max(CASE WHEN dim = 'monetary' AND i = 2 THEN t END) AS m2,
        max(CASE WHEN dim = 'monetary' AND i = 3 THEN t END) AS m3,
        max(CASE WHEN dim = 'monetary' AND i = 4 THEN t END) AS m4
    FROM thresholds
), b AS (
    -- A missing threshold (fewer bins) compares as NULL, which coalesce() counts as 0.
    SELECT customer_id, m AS revenue,
        1 + coalesce(r > r1, 0) + coalesce(r > r2, 0) + coalesce(r > r3, 0) + coalesce(r > r4, 0) AS rb,
        1 + coalesce(f > f1, 0) + coalesce(f > f2, 0) + coalesce(f > f3, 0) + coalesce(f > f4, 0) AS fs,
        1 + coalesce(m > m1, 0) + coalesce(m > m2, 0) + coalesce(m > m3, 0) + coalesce(m > m4, 0) AS ms
    FROM scored, t
)
SELECT customer_id, revenue, bins + 1 - rb AS rs, fs, ms, (fs + ms + 1) / 2 AS fm
FROM b, params;

.mode list
.separator |
SELECT 'summary', 'analysis_date', ad FROM params;
SELECT 'summary', 'customers', count(*) FROM metrics;
SELECT 'summary', 'buyers', count(*) FROM scored;
SELECT 'summary', 'prospects', (SELECT count(*) FROM metrics) - (SELECT count(*) FROM scored);
SELECT 'summary', 'orders', sum(orders) FROM metrics;
SELECT 'summary', 'revenue', printf('%.17g', sum(revenue)) FROM metrics;
SELECT 'summary', 'categories_total', sum(categories) FROM metrics;
SELECT 'channel', coalesce(top_channel, ''), count(*) FROM metrics GROUP BY top_channel;
SELECT 'threshold', dim, i, printf('%.17g', t) FROM thresholds ORDER BY dim, i;
SELECT 'count', 'recency', rs, count(*) FROM rfm GROUP BY rs;
SELECT 'count', 'frequency', fs, count(*) FROM rfm GROUP BY fs;
SELECT 'count', 'monetary', ms, count(*) FROM rfm GROUP BY ms;
SELECT 'segment', c.name, count(*), printf('%.17g', sum(rfm.revenue))
FROM rfm JOIN cells c ON c.r = rfm.rs AND c.fm = rfm.fm GROUP BY c.name;
