-- Broker schema, version 1. Timestamps are UTC unix milliseconds (bigint), as in the SQLite schema, so both
-- backends round-trip the same values; JSON values are stored as their exact text, tags as a jsonb array.
-- Access modes are the integer bits of Broker.Protocol.Access.AccessMode.
-- Topic names use the "C" collation: byte order for paging, whatever the database's locale.

CREATE TABLE users (
    id          bigint PRIMARY KEY,
    created     bigint NOT NULL,
    updated     bigint NOT NULL,
    state       integer NOT NULL DEFAULT 0,
    def_auth    integer NOT NULL,
    def_anon    integer NOT NULL,
    public      text,
    trusted     text,
    tags        jsonb NOT NULL DEFAULT '[]',
    last_seen   bigint,
    user_agent  text
);

CREATE TABLE auth (
    scheme      text NOT NULL,
    uniq        text NOT NULL,
    user_id     bigint NOT NULL REFERENCES users (id),
    secret      text NOT NULL,
    auth_level  integer NOT NULL,
    PRIMARY KEY (scheme, uniq)
);

CREATE INDEX auth_user ON auth (user_id, scheme);

CREATE TABLE credentials (
    user_id     bigint NOT NULL REFERENCES users (id),
    method      text NOT NULL,
    value       text NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, method, value)
);

CREATE TABLE topics (
    name        text COLLATE "C" PRIMARY KEY,
    created     bigint NOT NULL,
    updated     bigint NOT NULL,
    touched     bigint NOT NULL,
    owner       bigint NOT NULL DEFAULT 0,
    def_auth    integer NOT NULL,
    def_anon    integer NOT NULL,
    public      text,
    trusted     text,
    tags        jsonb NOT NULL DEFAULT '[]',
    seq         bigint NOT NULL DEFAULT 0,
    del_id      bigint NOT NULL DEFAULT 0
);

-- No foreign key to topics or users: 'me' and 'fnd' subscriptions have no topic row.
CREATE TABLE subscriptions (
    topic       text COLLATE "C" NOT NULL,
    user_id     bigint NOT NULL,
    created     bigint NOT NULL,
    updated     bigint NOT NULL,
    deleted     bigint,
    want        integer NOT NULL,
    given       integer NOT NULL,
    read_seq    bigint NOT NULL DEFAULT 0,
    recv_seq    bigint NOT NULL DEFAULT 0,
    del_id      bigint NOT NULL DEFAULT 0,
    private     text,
    PRIMARY KEY (topic, user_id)
);

CREATE INDEX subscriptions_user ON subscriptions (user_id);

-- (topic, seq) is the unique key that makes a seq assigned twice fail instead of overwriting.
-- A hard-deleted message keeps its row with head and content NULL.
CREATE TABLE messages (
    topic       text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    from_user   bigint NOT NULL,
    ts          bigint NOT NULL,
    head        text,
    content     text,
    PRIMARY KEY (topic, seq)
);

-- One row per range of a delete transaction; for_user NULL is a hard delete (for everyone).
CREATE TABLE deletions (
    topic       text COLLATE "C" NOT NULL,
    del_id      bigint NOT NULL,
    for_user    bigint,
    low         bigint NOT NULL,
    hi          bigint NOT NULL
);

CREATE INDEX deletions_topic ON deletions (topic, del_id);
CREATE INDEX deletions_user ON deletions (topic, for_user, low, hi);
