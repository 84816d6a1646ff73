-- Triage: how much an alert matters (size, surprise, persistence, reach),
-- the other places of one reporter where the same movement was seen (one
-- episode, one alert), and what a data-quality notice covers (JSON: its
-- months and series; null for a movement).
ALTER TABLE alert ADD COLUMN priority DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE alert ADD COLUMN places TEXT NOT NULL DEFAULT '';
ALTER TABLE alert ADD COLUMN covers TEXT NOT NULL DEFAULT 'null';
CREATE INDEX alert_priority ON alert (priority);

-- Months a reporter has confirmed: figures that looked like a reporting
-- break stand as sent, and the early warning judges them again.
CREATE TABLE data_confirmation (
    reporter TEXT NOT NULL,
    period TEXT NOT NULL,
    org TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (reporter, period)
);
