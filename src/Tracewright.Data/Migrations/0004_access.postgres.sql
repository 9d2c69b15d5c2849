-- Sign-ins for people and API tokens for machines, derived from the ledger's access events.
CREATE TABLE users (
    name           TEXT PRIMARY KEY,
    display_name   TEXT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    added_seq      BIGINT NOT NULL,
    last_seq       BIGINT NOT NULL
);

-- Only the SHA-256 of a token's secret; the secret is shown once when it is created.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE,
    created_by   TEXT NOT NULL,
    created_seq  BIGINT NOT NULL,
    revoked_seq  BIGINT NULL
);
