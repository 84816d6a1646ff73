-- A working group in a standard format: its charter (purpose and expected
-- outcomes, one per line, with their source) and who takes part as dated
-- events (join, leave, lead, co_lead) over the roles the registry
-- recorded for it.
CREATE TABLE working_group_charter (
    grp TEXT PRIMARY KEY REFERENCES working_group(code),
    purpose TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    source TEXT NOT NULL,
    set_at TEXT NOT NULL
);
CREATE TABLE working_group_event (
    id BIGSERIAL PRIMARY KEY,
    grp TEXT NOT NULL REFERENCES working_group(code),
    participant TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('join', 'leave', 'lead', 'co_lead')),
    on_date TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX working_group_event_grp ON working_group_event (grp, id);
