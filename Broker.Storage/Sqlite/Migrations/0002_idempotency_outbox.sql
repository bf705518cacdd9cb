-- Idempotent publish: the newest message each sender stored with a key, per topic (the key's primary-key lookup
-- decides whether a resend is a duplicate; ts is compared with the idempotency window).
CREATE TABLE message_keys (
    topic       TEXT NOT NULL,
    from_user   INTEGER NOT NULL,
    idem_key    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    ts          INTEGER NOT NULL,
    PRIMARY KEY (topic, from_user, idem_key)
) WITHOUT ROWID;

-- Outbound messages not yet handed to their gateway, written in the append's transaction.
CREATE TABLE outbox (
    topic       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    due_at      INTEGER NOT NULL,
    PRIMARY KEY (topic, seq)
) WITHOUT ROWID;

CREATE INDEX outbox_due ON outbox (due_at);
