-- Every transaction that appends to the ledger notifies the channel tracewright_ledger at commit (PostgreSQL
-- folds identical notifications of one transaction into one), so other servers on the same database catch
-- their in-memory genealogy up at once instead of at their next poll. Rolled-back transactions notify nobody.
CREATE FUNCTION ledger_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tracewright_ledger', '');
    RETURN NULL;
END $$;

CREATE TRIGGER ledger_appended AFTER INSERT ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_notify();
