-- Schema step 5: stored k-means clusterings and the cluster of each clustered customer. Each
-- clustering is a rule field (`cluster_<name>`, see docs/RULES.md).
CREATE TABLE clusterings (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    field         TEXT NOT NULL UNIQUE,  -- rule field name, "cluster_" + the cleaned name
    method        TEXT NOT NULL DEFAULT 'kmeans',
    features      TEXT NOT NULL,         -- JSON list of the rule fields clustered on
    k             INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    restarts      INTEGER NOT NULL,
    max_iterations INTEGER NOT NULL,
    tolerance     REAL NOT NULL,
    inertia       REAL NOT NULL,         -- on the standardised features
    iterations    INTEGER NOT NULL,      -- of the best run
    converged     INTEGER NOT NULL,      -- 1 / 0
    scaling       TEXT NOT NULL,         -- JSON {"mean": [...], "std": [...]} of the z-scores
    clusters      TEXT NOT NULL,         -- JSON list: cluster, size, mean of each feature
    customers     INTEGER NOT NULL,      -- clustered customers
    unclustered   INTEGER NOT NULL,      -- customers left out for a missing feature
    analysis_date TEXT,                  -- of the customer metrics used
    computed_at   TEXT NOT NULL          -- UTC, ISO 8601
);
CREATE TABLE cluster_members (
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
    customer_id   TEXT NOT NULL,
    cluster       INTEGER NOT NULL,      -- 1 .. k, 1 the largest cluster
    distance      REAL NOT NULL,         -- Euclidean, to the cluster's centre in z-scores
    PRIMARY KEY (clustering_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX cluster_members_by_cluster ON cluster_members (clustering_id, cluster);
