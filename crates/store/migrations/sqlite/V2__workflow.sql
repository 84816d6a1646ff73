-- Organisations, tokens, the audit log, alerts as a workflow, response
-- protocols and their tasks, webhooks with their delivery outbox, and the
-- leases that make scheduled work run once across server instances.
-- Timestamps are RFC 3339 text in UTC, so that they sort as they compare.

CREATE TABLE org (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- ISO 3166-1 alpha-3 of a member state's agency; NULL for the
    -- secretariat, civil society and other organisations.
    country TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE token (
    id INTEGER PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org(code),
    role TEXT NOT NULL CHECK (role IN ('secretariat', 'analyst', 'participant', 'observer')),
    label TEXT NOT NULL,
    -- SHA-256 of the token; the token itself is shown once and never stored.
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    org TEXT NOT NULL,
    role TEXT NOT NULL,
    token_id INTEGER,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    -- Where the write came from: an address, or the command line.
    remote TEXT NOT NULL
);

-- Nobody edits the audit log, not even through SQL.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

CREATE TABLE alert (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    reporter TEXT NOT NULL,
    location TEXT NOT NULL,
    nationality TEXT NOT NULL,
    indicator TEXT NOT NULL,
    period TEXT NOT NULL,
    observed REAL NOT NULL,
    expected REAL NOT NULL,
    lo95 REAL NOT NULL,
    hi95 REAL NOT NULL,
    score REAL NOT NULL,
    months INTEGER NOT NULL,
    explanation_en TEXT NOT NULL,
    explanation_es TEXT NOT NULL,
    -- JSON list of the places downstream and what they should expect.
    downstream TEXT NOT NULL,
    -- JSON list of the countries asked to acknowledge.
    affected TEXT NOT NULL,
    -- Who may see the alert: the narrowest sharing of the data it was
    -- computed from (owner: the reporter).
    share TEXT NOT NULL CHECK (share IN ('public', 'members', 'restricted')),
    share_with TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'escalated', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX alert_updated ON alert (updated_at);

CREATE TABLE alert_ack (
    alert_id TEXT NOT NULL REFERENCES alert(id),
    country TEXT NOT NULL,
    org TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (alert_id, country)
);

-- The alert's history: opened, level changes, acknowledgements, comments,
-- escalation, closing.
CREATE TABLE alert_event (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alert(id),
    at TEXT NOT NULL,
    org TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX alert_event_alert ON alert_event (alert_id, id);

CREATE TABLE protocol (
    name TEXT PRIMARY KEY,
    -- The playbook file as loaded (TOML), and when.
    content TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
);

CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alert(id),
    protocol TEXT NOT NULL,
    action TEXT NOT NULL,
    -- An organisation code or a country's alpha-3.
    responsible TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'done')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    UNIQUE (alert_id, protocol, action, responsible)
);
CREATE INDEX task_deadline ON task (status, deadline);

CREATE TABLE webhook (
    id INTEGER PRIMARY KEY,
    org TEXT NOT NULL,
    -- The role of the token that registered it: what it may receive.
    role TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

-- The outbox: a delivery is written in the same transaction as the alert
-- change it announces, and removed from the queue only once delivered.
CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES webhook(id),
    alert_id TEXT NOT NULL,
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    delivered_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX delivery_due ON delivery (delivered_at, next_at);

CREATE TABLE lease (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until TEXT NOT NULL
);
