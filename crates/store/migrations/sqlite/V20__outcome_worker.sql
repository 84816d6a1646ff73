-- A run's outcome names a worker of the register: deleting the worker
-- deletes its outcomes with it, and an outcome of a worker deleted while
-- a run was made cannot be written (PostgreSQL enforces the key; on
-- SQLite, where writers take turns, the run checks its workers in its own
-- transaction). SQLite rebuilds the table to add a key.
DELETE FROM labour_outcome WHERE worker NOT IN (SELECT id FROM labour_worker);
CREATE TABLE labour_outcome_v20 (
    run BIGINT NOT NULL REFERENCES labour_run (id),
    worker TEXT NOT NULL REFERENCES labour_worker (id) ON DELETE CASCADE,
    vacancy TEXT,
    score DOUBLE PRECISION,
    reason_kind TEXT NOT NULL,
    why TEXT NOT NULL,
    PRIMARY KEY (run, worker)
);
INSERT INTO labour_outcome_v20 (run, worker, vacancy, score, reason_kind, why)
    SELECT run, worker, vacancy, score, reason_kind, why FROM labour_outcome;
DROP TABLE labour_outcome;
ALTER TABLE labour_outcome_v20 RENAME TO labour_outcome;
CREATE INDEX labour_outcome_worker ON labour_outcome (worker);
