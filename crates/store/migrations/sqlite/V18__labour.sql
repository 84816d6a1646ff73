-- Labour mobility: pathways added to those the project ships, workers
-- (personal data, under pseudonymous ids) and vacancies, and match runs
-- with each worker's outcome. Lists are stored `;`-separated, codes as
-- their text. Deleting a worker on request deletes its row and its
-- outcomes: nothing of it stays behind as a flag.
CREATE TABLE labour_pathway (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    origins TEXT NOT NULL,
    residences TEXT,
    destination TEXT NOT NULL,
    occupations TEXT NOT NULL,
    quota BIGINT CHECK (quota >= 0),
    start_date TEXT,
    end_date TEXT,
    languages TEXT NOT NULL,
    min_experience DOUBLE PRECISION NOT NULL CHECK (min_experience >= 0),
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE labour_worker (
    id TEXT PRIMARY KEY,
    nationality TEXT NOT NULL,
    residence TEXT NOT NULL,
    isco TEXT NOT NULL,
    experience_years DOUBLE PRECISION NOT NULL CHECK (experience_years >= 0),
    languages TEXT NOT NULL,
    skills TEXT NOT NULL,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    registered_by TEXT NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE INDEX labour_worker_residence ON labour_worker (residence);

CREATE TABLE labour_vacancy (
    id TEXT PRIMARY KEY,
    employer TEXT NOT NULL REFERENCES org (code),
    country TEXT NOT NULL,
    isco TEXT NOT NULL,
    places BIGINT NOT NULL CHECK (places >= 0),
    languages TEXT NOT NULL,
    min_experience DOUBLE PRECISION NOT NULL CHECK (min_experience >= 0),
    skills TEXT NOT NULL,
    pathway TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX labour_vacancy_employer ON labour_vacancy (employer);

CREATE TABLE labour_run (
    id INTEGER PRIMARY KEY,
    ran_at TEXT NOT NULL,
    ran_by TEXT NOT NULL,
    objective DOUBLE PRECISION NOT NULL,
    bound DOUBLE PRECISION NOT NULL,
    gap DOUBLE PRECISION NOT NULL,
    optimal INTEGER NOT NULL CHECK (optimal IN (0, 1)),
    finished INTEGER NOT NULL CHECK (finished IN (0, 1))
);

-- One row per worker of a run: matched to a vacancy, or left with a
-- reason. Vacancies' places left empty are kept with their reason.
CREATE TABLE labour_outcome (
    run BIGINT NOT NULL REFERENCES labour_run (id),
    worker TEXT NOT NULL,
    vacancy TEXT,
    score DOUBLE PRECISION,
    reason_kind TEXT NOT NULL,
    why TEXT NOT NULL,
    PRIMARY KEY (run, worker)
);
CREATE INDEX labour_outcome_worker ON labour_outcome (worker);

CREATE TABLE labour_unfilled (
    run BIGINT NOT NULL REFERENCES labour_run (id),
    vacancy TEXT NOT NULL,
    places BIGINT NOT NULL,
    reason_kind TEXT NOT NULL,
    why TEXT NOT NULL,
    PRIMARY KEY (run, vacancy)
);

-- Each destination's occupational mix of foreign-born and native-born
-- workers (ILOSTAT), shown beside the vacancies as context: a country's
-- latest year, one row per ISCO-08 major group; an import replaces it.
CREATE TABLE labour_mix (
    country TEXT NOT NULL,
    year BIGINT NOT NULL,
    isco_major TEXT NOT NULL,
    foreign_born DOUBLE PRECISION NOT NULL,
    native_born DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (country, isco_major)
);

-- Employers hold tokens too: the role's check is widened (SQLite rebuilds
-- the table to change a check).
CREATE TABLE token_v18 (
    id INTEGER PRIMARY KEY,
    org TEXT NOT NULL REFERENCES org(code),
    role TEXT NOT NULL CHECK (role IN ('secretariat', 'analyst', 'participant', 'observer', 'employer')),
    label TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
INSERT INTO token_v18 (id, org, role, label, hash, created_at, revoked_at)
    SELECT id, org, role, label, hash, created_at, revoked_at FROM token;
DROP TABLE token;
ALTER TABLE token_v18 RENAME TO token;
