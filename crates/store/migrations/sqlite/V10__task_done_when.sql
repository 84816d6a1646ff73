-- A task a report completes: 'capacity_reported' when the responsible
-- country's capacity report arriving closes it (the protocol step's
-- `done_when`); NULL for a task its holder closes by hand.
ALTER TABLE task ADD COLUMN done_when TEXT
    CHECK (done_when IS NULL OR done_when IN ('capacity_reported'));
