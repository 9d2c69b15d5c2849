-- The ledger: append-only, hash-chained. Every other table below is derived from it.
CREATE TABLE ledger (
    seq           BIGINT PRIMARY KEY,
    kind          TEXT NOT NULL,
    occurred_at   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    reason        TEXT NULL,
    corrects_seq  BIGINT NULL REFERENCES ledger (seq),
    payload       TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);

-- The ledger refuses UPDATE and DELETE at the database itself, not only in the application.
CREATE FUNCTION ledger_no_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the ledger is append-only: records are never updated'; END $$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_no_update();
CREATE FUNCTION ledger_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the ledger is append-only: records are never deleted'; END $$;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_no_delete();

CREATE TABLE ledger_subjects (
    subject_key TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (subject_key, seq)
);

-- Files (certificates, SOPs) stored by their SHA-256; insert-only, checked by verify.
CREATE TABLE documents (
    sha256      TEXT PRIMARY KEY,
    content     BYTEA NOT NULL,
    size        BIGINT NOT NULL,
    media_type  TEXT NOT NULL
);
CREATE FUNCTION documents_no_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'documents are content-addressed and never updated'; END $$;
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION documents_no_update();
CREATE FUNCTION documents_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'documents are never deleted'; END $$;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents FOR EACH ROW EXECUTE FUNCTION documents_no_delete();

CREATE TABLE counters (
    scope       TEXT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);

CREATE TABLE items (
    code                   TEXT PRIMARY KEY,
    description            TEXT NOT NULL,
    uom                    TEXT NOT NULL,
    material               TEXT NOT NULL,
    tracking               TEXT NOT NULL,
    required_certificates  TEXT NOT NULL,
    lot_prefix             TEXT NOT NULL,
    lot_pattern            TEXT NOT NULL,
    serial_pattern         TEXT NOT NULL,
    registered_seq         BIGINT NOT NULL
);

CREATE TABLE suppliers (
    name_key        TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    contact_name    TEXT NULL,
    email           TEXT NULL,
    phone           TEXT NULL,
    address         TEXT NULL,
    registered_seq  BIGINT NOT NULL
);

CREATE TABLE certificates (
    id                     TEXT PRIMARY KEY,
    type                   TEXT NOT NULL,
    issuer                 TEXT NULL,
    issued_on              TEXT NULL,
    standards              TEXT NOT NULL,
    restricted_substances  TEXT NOT NULL,
    sha256                 TEXT NOT NULL REFERENCES documents (sha256),
    file_name              TEXT NOT NULL,
    media_type             TEXT NOT NULL,
    size                   BIGINT NOT NULL,
    filed_seq              BIGINT NOT NULL
);

CREATE TABLE certificate_heats (
    certificate_id  TEXT NOT NULL REFERENCES certificates (id),
    heat_key        TEXT NOT NULL,
    heat            TEXT NOT NULL,
    PRIMARY KEY (certificate_id, heat_key)
);
CREATE INDEX certificate_heats_by_heat ON certificate_heats (heat_key);

CREATE TABLE lots (
    id                      TEXT PRIMARY KEY,
    item_code               TEXT NOT NULL REFERENCES items (code),
    origin                  TEXT NOT NULL,
    supplier_key            TEXT NULL REFERENCES suppliers (name_key),
    heat                    TEXT NULL,
    heat_key                TEXT NULL,
    supplier_lot            TEXT NULL,
    supplier_lot_key        TEXT NULL,
    grade                   TEXT NULL,
    certifications_claimed  TEXT NOT NULL,
    purchase_order          TEXT NULL,
    received_quantity       NUMERIC NOT NULL,
    quantity                NUMERIC NOT NULL,
    uom                     TEXT NOT NULL,
    status                  TEXT NOT NULL,
    status_reason           TEXT NULL,
    parent_id               TEXT NULL REFERENCES lots (id),
    made_by                 TEXT NULL,
    pieces_cut              BIGINT NOT NULL,
    received_at             TEXT NOT NULL,
    created_seq             BIGINT NOT NULL,
    last_seq                BIGINT NOT NULL
);
CREATE INDEX lots_by_heat ON lots (heat_key);
CREATE INDEX lots_by_supplier_lot ON lots (supplier_lot_key);
CREATE INDEX lots_by_parent ON lots (parent_id);
CREATE INDEX lots_by_item ON lots (item_code);

CREATE TABLE lot_certificates (
    lot_id          TEXT NOT NULL REFERENCES lots (id),
    certificate_id  TEXT NOT NULL REFERENCES certificates (id),
    attached_seq    BIGINT NOT NULL,
    PRIMARY KEY (lot_id, certificate_id)
);
CREATE INDEX lot_certificates_by_certificate ON lot_certificates (certificate_id);
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_delete();
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents FOR EACH STATEMENT EXECUTE FUNCTION documents_no_delete();
