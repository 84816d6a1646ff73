-- The secretariat's follow-up: the registry of mechanisms, participants
-- and working groups over time, what sources claim about them,
-- presidencies and meetings, commitments with indicators and
-- measurements, civil society's monitoring reports, national measures,
-- pledges with their steps and reports, and exchange rates.
-- Dates are YYYY-MM-DD text; money is exact decimal text, never REAL.

CREATE TABLE registry_source (
    id TEXT PRIMARY KEY,
    citation TEXT NOT NULL,
    date TEXT NOT NULL
);

CREATE TABLE mechanism (
    seq BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_es TEXT NOT NULL,
    presidency TEXT NOT NULL CHECK (presidency IN ('none', 'rotation', 'designated')),
    presidency_text TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'es')),
    secretariat TEXT NOT NULL,
    source TEXT NOT NULL
);

-- A participant's standing in a mechanism from `since` to `until`
-- (exclusive). A withdrawal or a change of role closes the row with its
-- date and source; no row is ever deleted.
CREATE TABLE membership (
    id BIGSERIAL PRIMARY KEY,
    mechanism TEXT NOT NULL REFERENCES mechanism(code),
    participant TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'permanent_participant', 'observer')),
    since TEXT NOT NULL,
    source TEXT NOT NULL,
    until TEXT,
    until_source TEXT,
    UNIQUE (mechanism, participant, role, since)
);
CREATE INDEX membership_by_mechanism ON membership (mechanism, participant);

CREATE TABLE working_group (
    seq BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    mechanism TEXT NOT NULL REFERENCES mechanism(code),
    pillar INTEGER,
    name TEXT NOT NULL,
    theme TEXT,
    source TEXT NOT NULL
);

CREATE TABLE working_group_role (
    grp TEXT NOT NULL REFERENCES working_group(code),
    participant TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'co_lead', 'participant')),
    position INTEGER NOT NULL,
    PRIMARY KEY (grp, participant, role)
);

CREATE TABLE registry_claim (
    id BIGSERIAL PRIMARY KEY,
    subject TEXT NOT NULL,
    statement TEXT NOT NULL,
    source TEXT NOT NULL,
    locator TEXT NOT NULL DEFAULT '',
    UNIQUE (subject, statement, source, locator)
);

CREATE TABLE presidency (
    mechanism TEXT NOT NULL REFERENCES mechanism(code),
    year INTEGER NOT NULL,
    president TEXT NOT NULL,
    vice TEXT,
    source TEXT NOT NULL,
    PRIMARY KEY (mechanism, year)
);

CREATE TABLE meeting (
    id BIGSERIAL PRIMARY KEY,
    mechanism TEXT NOT NULL REFERENCES mechanism(code),
    title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    place TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE commitment (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    grp TEXT NOT NULL REFERENCES working_group(code),
    state TEXT NOT NULL CHECK (state IN ('draft', 'adopted')),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE commitment_country (
    commitment TEXT NOT NULL REFERENCES commitment(code),
    country TEXT NOT NULL,
    PRIMARY KEY (commitment, country)
);

CREATE TABLE commitment_indicator (
    id BIGSERIAL PRIMARY KEY,
    commitment TEXT NOT NULL REFERENCES commitment(code),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    baseline DOUBLE PRECISION NOT NULL,
    baseline_date TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    deadline TEXT NOT NULL,
    template TEXT
);

CREATE TABLE measurement (
    id BIGSERIAL PRIMARY KEY,
    indicator BIGINT NOT NULL REFERENCES commitment_indicator(id),
    date TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    org TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- Civil society's reports are published as filed: never changed.
CREATE TABLE monitoring_report (
    id BIGSERIAL PRIMARY KEY,
    commitment TEXT NOT NULL REFERENCES commitment(code),
    org TEXT NOT NULL,
    date TEXT NOT NULL,
    assessment TEXT NOT NULL CHECK (assessment IN ('on_track', 'at_risk', 'off_track', 'not_assessable')),
    text TEXT NOT NULL,
    -- Evidence links, one per line.
    evidence TEXT NOT NULL,
    filed_at TEXT NOT NULL
);
CREATE FUNCTION monitoring_report_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'monitoring reports cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER monitoring_report_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON monitoring_report
FOR EACH STATEMENT EXECUTE FUNCTION monitoring_report_is_append_only();

CREATE TABLE national_measure (
    id BIGSERIAL PRIMARY KEY,
    country TEXT NOT NULL,
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    effect TEXT NOT NULL CHECK (effect IN ('expands', 'restricts')),
    source TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE pledge (
    code TEXT PRIMARY KEY,
    donor TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('country', 'mechanism', 'working_group')),
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL
);

CREATE TABLE pledge_step (
    pledge TEXT NOT NULL REFERENCES pledge(code),
    stage TEXT NOT NULL CHECK (stage IN ('pledged', 'committed', 'disbursed')),
    date TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    PRIMARY KEY (pledge, stage)
);

-- Every report of a step: the donor's, the recipient's; the step itself
-- is counted once.
CREATE TABLE pledge_report (
    id BIGSERIAL PRIMARY KEY,
    pledge TEXT NOT NULL REFERENCES pledge(code),
    stage TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    line BIGINT NOT NULL,
    org TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE fx_rate (
    date TEXT NOT NULL,
    base TEXT NOT NULL,
    quote TEXT NOT NULL,
    rate TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (date, base, quote)
);
