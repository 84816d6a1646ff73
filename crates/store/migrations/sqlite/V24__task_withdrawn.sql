-- A task can be withdrawn: its holder's country is no longer asked about
-- the alert (its place downstream was withdrawn when a series it was
-- learned from was shared more narrowly). SQLite cannot change a CHECK
-- constraint, so the table is rebuilt with the same columns and rows.
CREATE TABLE task_v24 (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alert(id),
    protocol TEXT NOT NULL,
    action TEXT NOT NULL,
    -- An organisation code or a country's alpha-3.
    responsible TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'done', 'withdrawn')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    done_when TEXT CHECK (done_when IS NULL OR done_when IN ('capacity_reported')),
    UNIQUE (alert_id, protocol, action, responsible)
);
INSERT INTO task_v24 (id, alert_id, protocol, action, responsible, deadline, status,
    created_at, updated_at, updated_by, done_when)
SELECT id, alert_id, protocol, action, responsible, deadline, status,
    created_at, updated_at, updated_by, done_when FROM task;
DROP TABLE task;
ALTER TABLE task_v24 RENAME TO task;
CREATE INDEX task_deadline ON task (status, deadline);
