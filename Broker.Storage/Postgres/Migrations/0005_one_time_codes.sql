-- Broker schema, version 5. One-time codes: credential validation ('cred', 'usr…:email') and password reset
-- ('reset', 'email:alice@example.com'). Only a hash of the code is kept; expires is UTC unix milliseconds.
CREATE TABLE one_time_codes (
    purpose     text NOT NULL,
    subject     text NOT NULL,
    user_id     bigint NOT NULL,
    value       text NOT NULL,
    code_hash   text NOT NULL,
    expires     bigint NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (purpose, subject)
);

CREATE INDEX one_time_codes_user ON one_time_codes (user_id);
