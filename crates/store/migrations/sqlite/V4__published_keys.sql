-- Distribution keys the secretariat has published: the request and the
-- inputs exactly as received, and the key computed from them, so that
-- anyone can read it and recompute it. A published key is never changed:
-- a new key gets a new name.
CREATE TABLE published_key (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    request TEXT NOT NULL,
    inputs TEXT NOT NULL,
    result TEXT NOT NULL
);

CREATE TRIGGER published_key_no_update BEFORE UPDATE ON published_key
BEGIN SELECT RAISE(ABORT, 'a published key is never changed'); END;
CREATE TRIGGER published_key_no_delete BEFORE DELETE ON published_key
BEGIN SELECT RAISE(ABORT, 'a published key is never changed'); END;
