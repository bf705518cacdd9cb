-- Uploaded files (whatever blob store holds their bytes) and what refers to them. A link is a message
-- (topic, seq > 0), a topic's avatar (topic, seq 0) or a user's avatar (topic '', seq 0, user_id); files that no
-- live link refers to are deleted after a grace period.
CREATE TABLE files (
    id          TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL,
    ready       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE INDEX files_created ON files (created);

CREATE TABLE file_links (
    file_id     TEXT NOT NULL,
    topic       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    PRIMARY KEY (file_id, topic, seq, user_id)
) WITHOUT ROWID;

CREATE INDEX file_links_owner ON file_links (topic, seq, user_id);
