-- Refresh-token rotation looks up the child of the presented token on every grant.
CREATE INDEX refresh_tokens_parent ON refresh_tokens (parent);
