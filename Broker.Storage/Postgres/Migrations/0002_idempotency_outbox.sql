-- Idempotent publish: the newest message each sender stored with a key, per topic (the key's primary-key lookup
-- decides whether a resend is a duplicate; ts is compared with the idempotency window).
CREATE TABLE message_keys (
    topic       text COLLATE "C" NOT NULL,
    from_user   bigint NOT NULL,
    idem_key    text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    ts          bigint NOT NULL,
    PRIMARY KEY (topic, from_user, idem_key)
);

-- Outbound messages not yet handed to their gateway, written in the append's transaction.
CREATE TABLE outbox (
    topic       text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    due_at      bigint NOT NULL,
    PRIMARY KEY (topic, seq)
);

CREATE INDEX outbox_due ON outbox (due_at);
