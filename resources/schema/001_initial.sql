-- Segment Workbench workspace, schema step 1: bookkeeping tables.
-- Data tables (customers, transactions, responses) are created by the importer with the
-- columns of the first imported file; their columns are described in column_meta.
CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    table_name    TEXT NOT NULL,
    mode          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_size     INTEGER,
    sha256        TEXT,
    options       TEXT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE rejected_rows (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line      INTEGER NOT NULL,
    raw       TEXT NOT NULL,
    reason    TEXT NOT NULL
);
CREATE INDEX rejected_rows_by_import ON rejected_rows(import_id, line);
CREATE TABLE column_meta (
    table_name    TEXT NOT NULL,
    name          TEXT NOT NULL,
    source_column TEXT,
    type          TEXT NOT NULL,
    role          TEXT,
    position      INTEGER NOT NULL,
    PRIMARY KEY (table_name, name)
);
