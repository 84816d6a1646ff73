-- The figure an alert's level rests on (the forecast, the same month a
-- year before, a new nationality's usual count, a notice's basis), shown
-- beside the observed value. Alerts stored before have none until their
-- next detection; until then lists show their forecast.
ALTER TABLE alert ADD COLUMN reference_value DOUBLE PRECISION;
