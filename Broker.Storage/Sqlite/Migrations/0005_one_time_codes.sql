-- Broker schema, version 5. One-time codes: credential validation ('cred', 'usr…:email') and password reset
-- ('reset', 'email:alice@example.com'). Only a hash of the code is kept; expires is UTC unix milliseconds.
CREATE TABLE one_time_codes (
    purpose     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    value       TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    expires     INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (purpose, subject)
) WITHOUT ROWID;

CREATE INDEX one_time_codes_user ON one_time_codes (user_id);
