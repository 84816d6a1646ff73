-- Observations with revisions and provenance (see the SQLite twin for the
-- model; the two schemas differ only in types).

CREATE TABLE indicator (
    code TEXT PRIMARY KEY,
    description_en TEXT NOT NULL,
    description_es TEXT NOT NULL
);

CREATE TABLE batch (
    id BIGSERIAL PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT,
    org TEXT NOT NULL,
    received_at TEXT NOT NULL,
    rows BIGINT NOT NULL DEFAULT 0,
    new BIGINT NOT NULL DEFAULT 0,
    revised BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE series (
    id BIGSERIAL PRIMARY KEY,
    reporter TEXT NOT NULL,
    location TEXT NOT NULL,
    nationality TEXT NOT NULL,
    indicator TEXT NOT NULL REFERENCES indicator(code),
    frequency TEXT NOT NULL,
    UNIQUE (reporter, location, nationality, indicator)
);

CREATE TABLE observation (
    series_id BIGINT NOT NULL REFERENCES series(id),
    dims TEXT NOT NULL,
    period TEXT NOT NULL,
    revision BIGINT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    share TEXT NOT NULL CHECK (share IN ('public', 'members', 'restricted')),
    share_with TEXT NOT NULL,
    source TEXT,
    batch_id BIGINT NOT NULL REFERENCES batch(id),
    line BIGINT NOT NULL,
    superseded_by BIGINT REFERENCES batch(id),
    PRIMARY KEY (series_id, dims, period, revision)
);

-- The primary key's prefix (series_id, dims, period) finds the current
-- revision among the few of a key; no separate index is needed.
