-- A national measure's review, in dated steps: civil society flags it as
-- contradicting a commitment, the country replies, the secretariat rules.
-- Steps are added, never changed.
CREATE TABLE measure_step (
    id INTEGER PRIMARY KEY,
    measure INTEGER NOT NULL REFERENCES national_measure(id),
    kind TEXT NOT NULL CHECK (kind IN ('flag', 'reply', 'ruling')),
    org TEXT NOT NULL,
    commitment TEXT REFERENCES commitment(code),
    outcome TEXT CHECK (outcome IN ('contradicts', 'consistent')),
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX measure_step_measure ON measure_step (measure, id);
CREATE TRIGGER measure_step_no_update BEFORE UPDATE ON measure_step
BEGIN SELECT RAISE(ABORT, 'the steps of a review cannot be changed'); END;
CREATE TRIGGER measure_step_no_delete BEFORE DELETE ON measure_step
BEGIN SELECT RAISE(ABORT, 'the steps of a review cannot be changed'); END;
