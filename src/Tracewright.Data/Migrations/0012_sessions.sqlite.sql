-- A user can be disabled (UserDisabled/UserEnabled in the ledger): the sequence number of the record that did it.
ALTER TABLE users ADD COLUMN disabled_seq INTEGER NULL;

-- Sign-in sessions: operational state beside the ledger, like the access log, not derived from it and not in a backup
-- (after a restore everyone signs in again). A session is valid while it is not ended, not past expires_at (the
-- absolute lifetime), and its user is enabled with the last_seq it was started under: any record about the user (a
-- password or role change, disabling) ends all their sessions without touching them. Starting and ending a session are
-- also written to the access log, which is append-only; here only ended_at/ended_why (once) and seen_at (at most once a
-- minute) ever change.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    user_name   TEXT NOT NULL,
    user_seq    INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    remote      TEXT NULL,
    ended_at    TEXT NULL,
    ended_why   TEXT NULL
);
CREATE INDEX sessions_user ON sessions (user_name, started_at);
