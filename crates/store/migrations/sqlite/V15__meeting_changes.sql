-- Meetings can be changed or cancelled, each change dated and kept: the
-- meeting row holds what stands now (with its iCalendar SEQUENCE), and
-- meeting_change every change with its reason.
ALTER TABLE meeting ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE meeting_change (
    id INTEGER PRIMARY KEY,
    meeting INTEGER NOT NULL REFERENCES meeting(id),
    sequence INTEGER NOT NULL,
    org TEXT NOT NULL,
    at TEXT NOT NULL,
    what TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX meeting_change_meeting ON meeting_change (meeting, id);
