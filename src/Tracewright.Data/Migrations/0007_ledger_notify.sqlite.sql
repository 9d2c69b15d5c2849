-- SQLite cannot notify other processes of a commit; servers on one SQLite file poll the ledger's tip instead
-- (Database.FollowLedgerAsync). This version exists so both dialects share one numbering.
SELECT 1;
