-- Whether the store holds simulated figures is asked when a server starts:
-- this index holds only the simulated rows, so that the answer is one
-- lookup rather than a scan of every observation of a real store.
CREATE INDEX observation_simulated ON observation (series_id)
    WHERE source LIKE 'SIMULATED%' AND superseded_by IS NULL;
