-- What a confirmation was given on: the latest instant a figure of its
-- month had been received when the reporter confirmed it. A figure
-- received after that (a revision, a series new to the month, or an
-- import that began before the confirmation and ended after it) is
-- screened again. Confirmations stored before read their own instant.
ALTER TABLE data_confirmation ADD COLUMN given_on TEXT;
