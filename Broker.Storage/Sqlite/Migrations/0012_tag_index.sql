-- The tag index for fnd search (Tinode's usertags and topictags): one row per tag a user or topic holds, keyed by
-- (tag, owner) so a search looks its terms up by key; the owner index serves replacing and deleting an owner's rows.
-- The users' and topics' own tags columns stay the source of what they hold.
CREATE TABLE user_tags (
    tag         TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    PRIMARY KEY (tag, user_id)
) WITHOUT ROWID;

CREATE INDEX user_tags_user ON user_tags (user_id);

CREATE TABLE topic_tags (
    tag         TEXT NOT NULL,
    topic       TEXT NOT NULL,
    PRIMARY KEY (tag, topic)
) WITHOUT ROWID;

CREATE INDEX topic_tags_topic ON topic_tags (topic);

INSERT OR IGNORE INTO user_tags (tag, user_id) SELECT j.value, u.id FROM users u, json_each(u.tags) j;
INSERT OR IGNORE INTO topic_tags (tag, topic) SELECT j.value, t.name FROM topics t, json_each(t.tags) j;
