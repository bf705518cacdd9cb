-- Topic activation epochs (write fencing): a new activation of a topic raises its epoch; appends of an older
-- activation, which still hold the old epoch, are refused in their own transaction.
ALTER TABLE topics ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
