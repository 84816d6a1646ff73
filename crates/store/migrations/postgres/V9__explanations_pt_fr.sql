-- An alert's explanation in Portuguese and French, beside English and
-- Spanish: the OAS's four official languages. Alerts stored before are
-- written again at their next detection; until then they read as empty.
ALTER TABLE alert ADD COLUMN explanation_pt TEXT NOT NULL DEFAULT '';
ALTER TABLE alert ADD COLUMN explanation_fr TEXT NOT NULL DEFAULT '';
