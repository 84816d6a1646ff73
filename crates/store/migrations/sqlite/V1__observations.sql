-- Observations with revisions and provenance.
-- Every import is a batch; an observation is never updated in place: a new
-- value is a new revision, and the one it replaces records the batch that
-- superseded it. Reads take the revision with superseded_by IS NULL, or the
-- one that was current at a given time of receipt.

CREATE TABLE indicator (
    code TEXT PRIMARY KEY,
    description_en TEXT NOT NULL,
    description_es TEXT NOT NULL
);

CREATE TABLE batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT,
    org TEXT NOT NULL,
    received_at TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    revised INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    reporter TEXT NOT NULL,
    location TEXT NOT NULL,
    nationality TEXT NOT NULL,
    indicator TEXT NOT NULL REFERENCES indicator(code),
    frequency TEXT NOT NULL,
    UNIQUE (reporter, location, nationality, indicator)
);

CREATE TABLE observation (
    series_id INTEGER NOT NULL REFERENCES series(id),
    dims TEXT NOT NULL,
    period TEXT NOT NULL,
    revision INTEGER NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    share TEXT NOT NULL CHECK (share = 'public' OR share = 'members' OR share = 'restricted'),
    share_with TEXT NOT NULL,
    source TEXT,
    batch_id INTEGER NOT NULL REFERENCES batch(id),
    line INTEGER NOT NULL,
    superseded_by INTEGER REFERENCES batch(id),
    PRIMARY KEY (series_id, dims, period, revision)
) WITHOUT ROWID;

-- The primary key's prefix (series_id, dims, period) finds the current
-- revision among the few of a key; no separate index is needed.
