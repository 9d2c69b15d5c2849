-- Who signed in (or failed to), who signed out, and which API tokens were used: an append-only log beside the
-- ledger, not in it. The ledger holds the shop's records and their hash chain; sign-ins and token use are many,
-- are not facts about material, and would swamp it. Like the ledger, rows are never updated or deleted. Passwords
-- are never stored here: a sign-in under a name that is not a user's is logged without the name (it may be a
-- password typed into the wrong box).
CREATE TABLE access_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    event   TEXT NOT NULL,
    who     TEXT NOT NULL,
    remote  TEXT NULL,
    detail  TEXT NULL
);
CREATE INDEX access_log_who ON access_log (who, id);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries are never updated'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: entries are never deleted'); END;
