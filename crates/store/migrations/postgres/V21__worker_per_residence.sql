-- A worker's id is the registering country's own: unique within the
-- country of residence, so that two countries may both have a W-0001 and
-- registering one tells nothing of another country's register. A run's
-- outcome names the worker by both, and each run keeps a random salt from
-- which employers' handles for the workers placed with them are drawn.
ALTER TABLE labour_outcome DROP CONSTRAINT labour_outcome_worker_fkey;
ALTER TABLE labour_outcome ADD COLUMN residence TEXT;
UPDATE labour_outcome o SET residence = w.residence FROM labour_worker w WHERE w.id = o.worker;
DELETE FROM labour_outcome WHERE residence IS NULL;
ALTER TABLE labour_outcome ALTER COLUMN residence SET NOT NULL;
ALTER TABLE labour_outcome DROP CONSTRAINT labour_outcome_pkey;
ALTER TABLE labour_outcome ADD PRIMARY KEY (run, residence, worker);
ALTER TABLE labour_worker DROP CONSTRAINT labour_worker_pkey;
ALTER TABLE labour_worker ADD PRIMARY KEY (residence, id);
DROP INDEX labour_worker_residence;
ALTER TABLE labour_outcome ADD CONSTRAINT labour_outcome_worker_fkey
    FOREIGN KEY (residence, worker) REFERENCES labour_worker (residence, id) ON DELETE CASCADE;
DROP INDEX labour_outcome_worker;
CREATE INDEX labour_outcome_worker ON labour_outcome (residence, worker);
ALTER TABLE labour_run ADD COLUMN salt TEXT;
