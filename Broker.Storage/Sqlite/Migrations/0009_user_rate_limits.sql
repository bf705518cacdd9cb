-- A user's own rate limits (server API), as JSON text; NULL means the configured defaults.
ALTER TABLE users ADD COLUMN rate_limits TEXT;
