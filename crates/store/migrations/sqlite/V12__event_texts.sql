-- What the early warning writes in an alert's history (its explanation
-- when opened or updated, why a notice closed) in Spanish, Portuguese and
-- French, beside `text` in English. Empty where a person wrote the text
-- (a comment, a reason): that is shown as it was written.
ALTER TABLE alert_event ADD COLUMN text_es TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_event ADD COLUMN text_pt TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_event ADD COLUMN text_fr TEXT NOT NULL DEFAULT '';
