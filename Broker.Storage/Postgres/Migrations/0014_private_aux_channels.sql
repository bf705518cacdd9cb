-- The user's own 'me' private value (JSON text, e.g. the pinned topics list 'tpin'); a topic's auxiliary data
-- (JSON text, e.g. pinned messages 'pins'); whether a group is also a channel (Tinode's 'nch' groups).
ALTER TABLE users ADD COLUMN private TEXT;
ALTER TABLE topics ADD COLUMN aux TEXT;
ALTER TABLE topics ADD COLUMN is_chan INTEGER NOT NULL DEFAULT 0;
