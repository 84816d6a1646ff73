-- Accountability country by country. A government's figure names the
-- country it measures; figures recorded before are given their country
-- where it can be known: the commitment's only country, or the reporting
-- organisation when it is one of the commitment's countries. The others
-- stay without a country and count for none.
ALTER TABLE measurement ADD COLUMN country TEXT;
UPDATE measurement SET country = (
    SELECT CASE WHEN count(*) = 1 THEN min(cc.country) END
    FROM commitment_indicator ci
    JOIN commitment_country cc ON cc.commitment = ci.commitment
    WHERE ci.id = measurement.indicator
);
UPDATE measurement SET country = org WHERE country IS NULL AND EXISTS (
    SELECT 1 FROM commitment_indicator ci
    JOIN commitment_country cc ON cc.commitment = ci.commitment
    WHERE ci.id = measurement.indicator AND cc.country = measurement.org
);

-- How often an indicator's figures are due: a status goes stale after
-- the period and its grace. Indicators recorded before are annual.
ALTER TABLE commitment_indicator ADD COLUMN reporting TEXT NOT NULL DEFAULT 'annual'
    CHECK (reporting IN ('monthly', 'quarterly', 'annual'));

-- Integration figures (migrants against the native-born) per country and
-- year, from published tables (ILOSTAT, UN DESA). A figure is never
-- changed: an import that disagrees with one is refused.
CREATE TABLE integration_figure (
    measure TEXT NOT NULL,
    country TEXT NOT NULL,
    year INTEGER NOT NULL,
    sex TEXT NOT NULL,
    age TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    org TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (measure, country, year, sex, age)
);
