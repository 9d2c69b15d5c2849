-- EPCIS 2.0 events captured into the ledger (EpcisEventCaptured), derived for queries and traces.
-- Identifiers are canonical: the GS1 Digital Link form when the identifier is a GS1 key, else as written.
CREATE TABLE epcis_events (
    event_key          TEXT PRIMARY KEY,            -- eventID, or the event hash ID when the event has none
    event_id           TEXT NULL,
    hash_id            TEXT NOT NULL,
    type               TEXT NOT NULL,
    action             TEXT NULL,
    biz_step           TEXT NULL,
    disposition        TEXT NULL,
    read_point         TEXT NULL,
    biz_location       TEXT NULL,
    transformation_id  TEXT NULL,
    event_time         TEXT NOT NULL,
    record_time        TEXT NOT NULL,
    seq                INTEGER NOT NULL UNIQUE,
    erroneous          INTEGER NOT NULL,
    declared_at        TEXT NULL,
    error_reason       TEXT NULL,
    corrective_ids     TEXT NULL,                   -- JSON array of eventIDs
    syntax             TEXT NOT NULL,               -- json, xml: the syntax it arrived in
    document           TEXT NOT NULL                -- the event as a one-event EPCIS 2.0 document in that syntax
);
CREATE INDEX epcis_events_by_hash ON epcis_events (hash_id);
CREATE INDEX epcis_events_by_time ON epcis_events (event_time);

CREATE TABLE epcis_epcs (
    event_key  TEXT NOT NULL REFERENCES epcis_events (event_key),
    role       TEXT NOT NULL,                       -- epc, parent, child, input, output, quantity, child-quantity, input-quantity, output-quantity
    position   INTEGER NOT NULL,
    epc        TEXT NOT NULL,
    quantity   TEXT NULL,
    uom        TEXT NULL,
    PRIMARY KEY (event_key, role, position)
);
CREATE INDEX epcis_epcs_by_epc ON epcis_epcs (epc);

CREATE TABLE epcis_biz_transactions (
    event_key  TEXT NOT NULL REFERENCES epcis_events (event_key),
    position   INTEGER NOT NULL,
    type       TEXT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (event_key, position)
);

CREATE TABLE epcis_sources (
    event_key  TEXT NOT NULL REFERENCES epcis_events (event_key),
    position   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    party      TEXT NOT NULL,
    PRIMARY KEY (event_key, position)
);

CREATE TABLE epcis_destinations (
    event_key  TEXT NOT NULL REFERENCES epcis_events (event_key),
    position   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    party      TEXT NOT NULL,
    PRIMARY KEY (event_key, position)
);

-- What is inside what, over time (AggregationEvent / AssociationEvent ADD until DELETE); rows of events declared erroneous are dropped.
CREATE TABLE epcis_aggregations (
    kind           TEXT NOT NULL,                   -- aggregation, association
    parent         TEXT NOT NULL,
    child          TEXT NOT NULL,
    added_event    TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    removed_event  TEXT NULL,
    removed_at     TEXT NULL,
    PRIMARY KEY (kind, parent, child, added_event)
);
CREATE INDEX epcis_aggregations_by_child ON epcis_aggregations (child);

CREATE TABLE epcis_master_data (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NULL,
    attributes  TEXT NOT NULL,                      -- JSON
    seq         INTEGER NOT NULL
);
