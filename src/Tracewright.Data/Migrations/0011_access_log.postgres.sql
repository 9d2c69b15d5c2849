-- Who signed in (or failed to), who signed out, and which API tokens were used: an append-only log beside the
-- ledger, not in it. The ledger holds the shop's records and their hash chain; sign-ins and token use are many,
-- are not facts about material, and would swamp it. Like the ledger, rows are never updated or deleted. Passwords
-- are never stored here: a sign-in under a name that is not a user's is logged without the name (it may be a
-- password typed into the wrong box).
CREATE TABLE access_log (
    id      BIGSERIAL PRIMARY KEY,
    at      TEXT NOT NULL,
    event   TEXT NOT NULL,
    who     TEXT NOT NULL,
    remote  TEXT NULL,
    detail  TEXT NULL
);
CREATE INDEX access_log_who ON access_log (who, id);

CREATE FUNCTION access_log_no_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the access log is append-only: entries are never updated or deleted'; END $$;
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_no_change();
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_no_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_no_change();
