-- Abuse reports published to the sys topic, newest listed first by id.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter    INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    action      TEXT,
    target      TEXT,
    head        TEXT,
    content     TEXT NOT NULL
);
