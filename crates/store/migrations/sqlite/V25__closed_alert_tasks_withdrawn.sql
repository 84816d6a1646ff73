-- A closed alert asks nothing more of anyone: closing one withdraws its
-- pending tasks. Alerts closed before that rule keep tasks still open or
-- acknowledged; they are withdrawn as of the alert's last change.
UPDATE task SET status = 'withdrawn', updated_by = NULL,
    updated_at = (SELECT a.updated_at FROM alert a WHERE a.id = task.alert_id)
WHERE status IN ('open', 'acknowledged')
  AND alert_id IN (SELECT id FROM alert WHERE status = 'closed');
