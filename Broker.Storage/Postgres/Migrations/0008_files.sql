-- Uploaded files (whatever blob store holds their bytes) and what refers to them. A link is a message
-- (topic, seq > 0), a topic's avatar (topic, seq 0) or a user's avatar (topic '', seq 0, user_id); files that no
-- live link refers to are deleted after a grace period.
CREATE TABLE files (
    id          text COLLATE "C" PRIMARY KEY,
    user_id     bigint NOT NULL,
    mime        text NOT NULL,
    size        bigint NOT NULL DEFAULT 0,
    created     bigint NOT NULL,
    ready       integer NOT NULL DEFAULT 0
);

CREATE INDEX files_created ON files (created);

CREATE TABLE file_links (
    file_id     text COLLATE "C" NOT NULL,
    topic       text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    user_id     bigint NOT NULL,
    PRIMARY KEY (file_id, topic, seq, user_id)
);

CREATE INDEX file_links_owner ON file_links (topic, seq, user_id);
