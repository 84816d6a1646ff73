-- A task can be withdrawn: its holder's country is no longer asked about
-- the alert (its place downstream was withdrawn when a series it was
-- learned from was shared more narrowly).
ALTER TABLE task DROP CONSTRAINT task_status_check;
ALTER TABLE task ADD CONSTRAINT task_status_check
    CHECK (status IN ('open', 'acknowledged', 'done', 'withdrawn'));
