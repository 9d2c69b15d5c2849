-- Named EPCIS queries and their subscriptions (issue 17), projected from the ledger (EpcisQueryDefined/Deleted,
-- EpcisSubscriptionCreated/Cancelled). A query deleted keeps its row with deleted_seq set; defining the name again replaces it.
CREATE TABLE epcis_queries (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    defined_at  TEXT NOT NULL,
    deleted_seq INTEGER NULL
);

CREATE TABLE epcis_subscriptions (
    id                  TEXT PRIMARY KEY,
    query_name          TEXT NOT NULL,
    dest                TEXT NOT NULL,
    stream              INTEGER NOT NULL,
    schedule            TEXT NULL,
    report_if_empty     INTEGER NOT NULL,
    initial_record_time TEXT NULL,
    signed              INTEGER NOT NULL,
    owner               TEXT NOT NULL,
    seq                 INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    cancelled_seq       INTEGER NULL
);
CREATE INDEX epcis_subscriptions_by_query ON epcis_subscriptions (query_name, seq);

-- The delivery state of each subscription: operational, beside the ledger like the capture jobs, not derived from it.
-- The ledger is the outbox: delivered_seq is the last ledger record whose matching events the receiver acknowledged
-- (2xx), so every matching event recorded after it is pending, in capture order, and survives any restart. Each failed
-- attempt raises attempts and sets next_attempt_at (backoff) and last_error; a success clears them. token is the
-- subscription's signatureToken (HMAC-SHA256 key of the GS1-Signature header), never shown again after it is given.
CREATE TABLE epcis_subscription_state (
    id              TEXT PRIMARY KEY,
    token           TEXT NULL,
    delivered_seq   INTEGER NOT NULL,
    delivered_at    TEXT NULL,
    delivered_count INTEGER NOT NULL,
    last_run_at     TEXT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NULL,
    last_error      TEXT NULL,
    last_error_at   TEXT NULL
);
