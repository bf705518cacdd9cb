-- The tag index for fnd search (Tinode's usertags and topictags): one row per tag a user or topic holds, keyed by
-- (tag, owner) so a search looks its terms up by key; the owner index serves replacing and deleting an owner's rows.
-- The users' and topics' own tags columns stay the source of what they hold.
CREATE TABLE user_tags (
    tag         text COLLATE "C" NOT NULL,
    user_id     bigint NOT NULL,
    PRIMARY KEY (tag, user_id)
);

CREATE INDEX user_tags_user ON user_tags (user_id);

CREATE TABLE topic_tags (
    tag         text COLLATE "C" NOT NULL,
    topic       text COLLATE "C" NOT NULL,
    PRIMARY KEY (tag, topic)
);

CREATE INDEX topic_tags_topic ON topic_tags (topic);

INSERT INTO user_tags (tag, user_id)
SELECT DISTINCT j.tag, u.id FROM users u CROSS JOIN LATERAL jsonb_array_elements_text(u.tags) AS j (tag);

INSERT INTO topic_tags (tag, topic)
SELECT DISTINCT j.tag, t.name FROM topics t CROSS JOIN LATERAL jsonb_array_elements_text(t.tags) AS j (tag);
