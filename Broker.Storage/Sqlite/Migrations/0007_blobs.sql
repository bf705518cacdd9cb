-- Files:Provider=database: a blob's bytes in fixed-size chunks, and a blobs row written after the last chunk
-- that says the blob is complete (and how long it is).
CREATE TABLE blobs (
    id          TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    chunk_size  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_chunks (
    id          TEXT NOT NULL,
    n           INTEGER NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (id, n)
);
