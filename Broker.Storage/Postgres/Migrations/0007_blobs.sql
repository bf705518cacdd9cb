-- Files:Provider=database: a blob's bytes in fixed-size chunks, and a blobs row written after the last chunk
-- that says the blob is complete (and how long it is).
CREATE TABLE blobs (
    id          text COLLATE "C" PRIMARY KEY,
    size        bigint NOT NULL,
    chunk_size  integer NOT NULL
);

CREATE TABLE blob_chunks (
    id          text COLLATE "C" NOT NULL,
    n           bigint NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (id, n)
);
