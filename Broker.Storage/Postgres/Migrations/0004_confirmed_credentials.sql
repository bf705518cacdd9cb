-- Broker schema, version 4. A confirmed credential (email address, phone number) belongs to one user only.
-- Before this version sign-up stored credentials as confirmed without a check, so a value confirmed by several
-- accounts stays confirmed for the one with the lowest id and becomes unconfirmed for the others.
UPDATE credentials SET done = false
WHERE done AND EXISTS (
    SELECT 1 FROM credentials other
    WHERE other.method = credentials.method AND other.value = credentials.value AND other.done
      AND other.user_id < credentials.user_id);

CREATE UNIQUE INDEX credentials_confirmed ON credentials (method, value) WHERE done;
