-- A national measure's review, in dated steps: civil society flags it as
-- contradicting a commitment, the country replies, the secretariat rules.
-- Steps are added, never changed.
CREATE TABLE measure_step (
    id BIGSERIAL PRIMARY KEY,
    measure BIGINT NOT NULL REFERENCES national_measure(id),
    kind TEXT NOT NULL CHECK (kind IN ('flag', 'reply', 'ruling')),
    org TEXT NOT NULL,
    commitment TEXT REFERENCES commitment(code),
    outcome TEXT CHECK (outcome IN ('contradicts', 'consistent')),
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX measure_step_measure ON measure_step (measure, id);
CREATE FUNCTION measure_step_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the steps of a review cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER measure_step_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON measure_step
FOR EACH STATEMENT EXECUTE FUNCTION measure_step_is_append_only();
