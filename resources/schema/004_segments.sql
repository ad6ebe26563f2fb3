-- Schema step 4: lifecycle status and value tier per customer, and saved segments with their
-- members and the history of their counts.
CREATE TABLE customer_status (
    customer_id TEXT PRIMARY KEY,
    lifecycle   TEXT NOT NULL,   -- prospect, new, active, lapsed, lost
    value_tier  TEXT             -- "Top 1 %", "Top 5 %", "Top 20 %", "Rest"; NULL for prospects
) WITHOUT ROWID;
CREATE TABLE segments (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description     TEXT NOT NULL DEFAULT '',
    color           TEXT NOT NULL DEFAULT '#4e79a7',
    definition      TEXT NOT NULL,   -- versioned JSON of the rule
    definition_text TEXT NOT NULL,   -- the rule's text form
    analysis_date   TEXT,            -- of the metrics the members were computed with
    computed_at     TEXT,            -- UTC, ISO 8601
    members         INTEGER NOT NULL DEFAULT 0,
    revenue         REAL NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE TABLE segment_members (
    segment_id  INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (segment_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX segment_members_by_customer ON segment_members (customer_id, segment_id);
CREATE TABLE segment_history (
    segment_id      INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    computed_at     TEXT NOT NULL,
    analysis_date   TEXT,
    members         INTEGER NOT NULL,
    customers_total INTEGER NOT NULL,
    revenue         REAL NOT NULL
);
