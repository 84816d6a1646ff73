-- Dashboard sessions. Signing in with a token opens a session; the
-- browser's cookie holds only the session's id, of which the store keeps
-- the SHA-256 (like a token's), so neither the token nor a usable id is
-- in the browser's cookie jar or in a copy of the database. A session
-- stands for its token: revoking the token ends it.
CREATE TABLE session (
    id BIGSERIAL PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    token_id BIGINT NOT NULL REFERENCES token (id),
    created_at TEXT NOT NULL,
    -- Last request seen (idle expiry counts from it) and the absolute end.
    seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX session_token ON session (token_id);
