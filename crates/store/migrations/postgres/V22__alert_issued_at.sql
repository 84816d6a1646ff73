-- When an alert's warning itself last changed (its figures, level, status,
-- places or sharing), apart from `updated_at`, which a comment or an
-- acknowledgement also moves. A CAP message is issued at `issued_at`: a
-- comment is no new message. Alerts stored before take their last update.
ALTER TABLE alert ADD COLUMN issued_at TEXT NOT NULL DEFAULT '';
UPDATE alert SET issued_at = updated_at;
