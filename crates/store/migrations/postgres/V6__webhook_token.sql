-- The token a webhook was registered with: revoking the token stops its
-- hooks too (NULL for hooks the local operator registered).
ALTER TABLE webhook ADD COLUMN token_id BIGINT REFERENCES token (id);
