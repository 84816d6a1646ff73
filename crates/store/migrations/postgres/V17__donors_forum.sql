-- The donors' forum: appeals' requirements (who needs what, for whom,
-- where, in which sector, how much, over which period, who says so),
-- pledges that answer one, pledges in kind (a step's unit is a currency
-- or a unit in kind, with an optional estimate in money), and the
-- secretariat's verification of each step.
CREATE TABLE requirement (
    id TEXT PRIMARY KEY,
    appeal TEXT NOT NULL,
    requester TEXT NOT NULL,
    for_whom TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('country', 'mechanism', 'working_group')),
    recipient TEXT NOT NULL,
    sector TEXT NOT NULL,
    amount TEXT NOT NULL,
    unit TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

ALTER TABLE pledge ADD COLUMN requirement TEXT REFERENCES requirement (id);
ALTER TABLE pledge ADD COLUMN sector TEXT;
CREATE INDEX pledge_requirement ON pledge (requirement);

ALTER TABLE pledge_step RENAME COLUMN currency TO unit;
ALTER TABLE pledge_step ADD COLUMN estimate TEXT;
ALTER TABLE pledge_step ADD COLUMN estimate_currency TEXT;
ALTER TABLE pledge_step ADD COLUMN verified_by TEXT;
ALTER TABLE pledge_step ADD COLUMN verified_on TEXT;

-- Until now only the secretariat could enter a step: each was verified
-- by the organisation that first reported it, on the day it did.
UPDATE pledge_step SET
    verified_by = (SELECT r.org FROM pledge_report r
        WHERE r.pledge = pledge_step.pledge AND r.stage = pledge_step.stage
        ORDER BY r.id LIMIT 1),
    verified_on = (SELECT substr(r.received_at, 1, 10) FROM pledge_report r
        WHERE r.pledge = pledge_step.pledge AND r.stage = pledge_step.stage
        ORDER BY r.id LIMIT 1);
