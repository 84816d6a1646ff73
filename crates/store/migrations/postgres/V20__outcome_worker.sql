-- A run's outcome names a worker of the register: deleting the worker
-- deletes its outcomes with it, and an outcome of a worker deleted while
-- a run was made cannot be written.
DELETE FROM labour_outcome WHERE worker NOT IN (SELECT id FROM labour_worker);
ALTER TABLE labour_outcome
    ADD CONSTRAINT labour_outcome_worker_fkey FOREIGN KEY (worker)
    REFERENCES labour_worker (id) ON DELETE CASCADE;
