-- A delivery given up after its last attempt: kept, with its last error,
-- in the dead-letter list the secretariat reads and replays.
ALTER TABLE delivery ADD COLUMN dead_at TEXT;
