-- Broker schema, version 1. Timestamps are UTC unix milliseconds; JSON values are stored as their text.
-- Access modes are the integer bits of Broker.Protocol.Access.AccessMode.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0,
    def_auth    INTEGER NOT NULL,
    def_anon    INTEGER NOT NULL,
    public      TEXT,
    trusted     TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    last_seen   INTEGER,
    user_agent  TEXT
);

CREATE TABLE auth (
    scheme      TEXT NOT NULL,
    uniq        TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    secret      TEXT NOT NULL,
    auth_level  INTEGER NOT NULL,
    PRIMARY KEY (scheme, uniq)
) WITHOUT ROWID;

CREATE INDEX auth_user ON auth (user_id, scheme);

CREATE TABLE credentials (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    method      TEXT NOT NULL,
    value       TEXT NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, method, value)
) WITHOUT ROWID;

CREATE TABLE topics (
    name        TEXT PRIMARY KEY,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    touched     INTEGER NOT NULL,
    owner       INTEGER NOT NULL DEFAULT 0,
    def_auth    INTEGER NOT NULL,
    def_anon    INTEGER NOT NULL,
    public      TEXT,
    trusted     TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    seq         INTEGER NOT NULL DEFAULT 0,
    del_id      INTEGER NOT NULL DEFAULT 0
);

-- No foreign key to topics or users: 'me' and 'fnd' subscriptions have no topic row.
CREATE TABLE subscriptions (
    topic       TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    deleted     INTEGER,
    want        INTEGER NOT NULL,
    given       INTEGER NOT NULL,
    read_seq    INTEGER NOT NULL DEFAULT 0,
    recv_seq    INTEGER NOT NULL DEFAULT 0,
    del_id      INTEGER NOT NULL DEFAULT 0,
    private     TEXT,
    PRIMARY KEY (topic, user_id)
) WITHOUT ROWID;

CREATE INDEX subscriptions_user ON subscriptions (user_id);

-- (topic, seq) is the unique key that makes a seq assigned twice fail instead of overwriting.
-- A hard-deleted message keeps its row with head and content NULL.
CREATE TABLE messages (
    topic       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    from_user   INTEGER NOT NULL,
    ts          INTEGER NOT NULL,
    head        TEXT,
    content     TEXT,
    PRIMARY KEY (topic, seq)
);

-- One row per range of a delete transaction; for_user NULL is a hard delete (for everyone).
CREATE TABLE deletions (
    topic       TEXT NOT NULL,
    del_id      INTEGER NOT NULL,
    for_user    INTEGER,
    low         INTEGER NOT NULL,
    hi          INTEGER NOT NULL
);

CREATE INDEX deletions_topic ON deletions (topic, del_id);
CREATE INDEX deletions_user ON deletions (topic, for_user, low, hi);
