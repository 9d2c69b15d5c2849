-- Named EPCIS queries and their subscriptions (issue 17), projected from the ledger (EpcisQueryDefined/Deleted,
-- EpcisSubscriptionCreated/Cancelled). A query deleted keeps its row with deleted_seq set; defining the name again replaces it.
CREATE TABLE epcis_queries (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    defined_at  TEXT NOT NULL,
    deleted_seq BIGINT NULL
);

CREATE TABLE epcis_subscriptions (
    id                  TEXT PRIMARY KEY,
    query_name          TEXT NOT NULL,
    dest                TEXT NOT NULL,
    stream              BIGINT NOT NULL,
    schedule            TEXT NULL,
    report_if_empty     BIGINT NOT NULL,
    initial_record_time TEXT NULL,
    signed              BIGINT NOT NULL,
    owner               TEXT NOT NULL,
    seq                 BIGINT NOT NULL,
    created_at          TEXT NOT NULL,
    cancelled_seq       BIGINT NULL
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
    delivered_seq   BIGINT NOT NULL,
    delivered_at    TEXT NULL,
    delivered_count BIGINT NOT NULL,
    last_run_at     TEXT NULL,
    attempts        BIGINT NOT NULL,
    next_attempt_at TEXT NULL,
    last_error      TEXT NULL,
    last_error_at   TEXT NULL
);
