-- Schema step 3: customer metrics and RFM scores, computed from the transactions for an
-- analysis date (kept in workspace_meta under metrics.* and rfm.*).
CREATE TABLE customer_metrics (
    customer_id              TEXT PRIMARY KEY,
    first_purchase           TEXT,     -- YYYY-MM-DD, NULL for prospects
    last_purchase            TEXT,     -- YYYY-MM-DD, NULL for prospects
    orders                   INTEGER NOT NULL,
    revenue                  REAL NOT NULL,
    average_order_value      REAL,     -- revenue / orders, NULL without orders
    recency_days             INTEGER,  -- analysis date - last purchase
    tenure_days              INTEGER,  -- analysis date - first purchase
    mean_days_between_orders REAL,     -- (last - first) / (orders - 1), NULL below 2 orders
    categories               INTEGER,  -- distinct categories bought, NULL without a category column
    top_channel              TEXT      -- channel of most transactions, NULL without a channel column
) WITHOUT ROWID;
CREATE TABLE rfm_scores (
    customer_id TEXT PRIMARY KEY,
    r           INTEGER NOT NULL,
    f           INTEGER NOT NULL,
    m           INTEGER NOT NULL,
    fm          INTEGER NOT NULL,      -- (f + m) / 2 rounded half up
    segment     TEXT NOT NULL
) WITHOUT ROWID;
