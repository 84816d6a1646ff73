-- A worker's id is the registering country's own: unique within the
-- country of residence, so that two countries may both have a W-0001 and
-- registering one tells nothing of another country's register. A run's
-- outcome names the worker by both, and each run keeps a random salt from
-- which employers' handles for the workers placed with them are drawn.
-- SQLite rebuilds both tables to change their keys.
CREATE TABLE labour_worker_v21 (
    id TEXT NOT NULL,
    nationality TEXT NOT NULL,
    residence TEXT NOT NULL,
    isco TEXT NOT NULL,
    experience_years DOUBLE PRECISION NOT NULL CHECK (experience_years >= 0),
    languages TEXT NOT NULL,
    skills TEXT NOT NULL,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    registered_by TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (residence, id)
);
INSERT INTO labour_worker_v21 (id, nationality, residence, isco, experience_years,
    languages, skills, consent, registered_by, registered_at)
    SELECT id, nationality, residence, isco, experience_years, languages, skills,
        consent, registered_by, registered_at FROM labour_worker;
CREATE TABLE labour_outcome_v21 (
    run BIGINT NOT NULL REFERENCES labour_run (id),
    residence TEXT NOT NULL,
    worker TEXT NOT NULL,
    vacancy TEXT,
    score DOUBLE PRECISION,
    reason_kind TEXT NOT NULL,
    why TEXT NOT NULL,
    PRIMARY KEY (run, residence, worker),
    FOREIGN KEY (residence, worker) REFERENCES labour_worker (residence, id) ON DELETE CASCADE
);
INSERT INTO labour_outcome_v21 (run, residence, worker, vacancy, score, reason_kind, why)
    SELECT o.run, w.residence, o.worker, o.vacancy, o.score, o.reason_kind, o.why
    FROM labour_outcome o JOIN labour_worker w ON w.id = o.worker;
DROP TABLE labour_outcome;
DROP TABLE labour_worker;
ALTER TABLE labour_worker_v21 RENAME TO labour_worker;
ALTER TABLE labour_outcome_v21 RENAME TO labour_outcome;
CREATE INDEX labour_outcome_worker ON labour_outcome (residence, worker);
ALTER TABLE labour_run ADD COLUMN salt TEXT;
