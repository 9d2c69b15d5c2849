-- Bills of materials, manufacture records, serialized units, assembly links, containers, quality.
CREATE TABLE boms (
    id              TEXT PRIMARY KEY,
    product_item    TEXT NOT NULL REFERENCES items (code),
    sop_sha256      TEXT NULL,
    sop_file_name   TEXT NULL,
    defined_seq     INTEGER NOT NULL
);

CREATE TABLE bom_lines (
    bom_id          TEXT NOT NULL REFERENCES boms (id),
    line_no         INTEGER NOT NULL,
    component_item  TEXT NOT NULL REFERENCES items (code),
    quantity        TEXT NOT NULL,
    uom             TEXT NOT NULL,
    PRIMARY KEY (bom_id, line_no)
);

CREATE TABLE mfg_records (
    id               TEXT PRIMARY KEY,
    product_item     TEXT NOT NULL REFERENCES items (code),
    bom_id           TEXT NULL REFERENCES boms (id),
    machine          TEXT NULL,
    tool             TEXT NULL,
    operator         TEXT NOT NULL,
    sop              TEXT NULL,
    started_at       TEXT NOT NULL,
    finished_at      TEXT NOT NULL,
    notes            TEXT NULL,
    output_lot       TEXT NULL,
    output_quantity  TEXT NULL,
    recorded_seq     INTEGER NOT NULL
);

-- What a manufacture run consumed: a quantity of a lot, or a whole serialized unit.
CREATE TABLE mfg_inputs (
    mfg_id        TEXT NOT NULL REFERENCES mfg_records (id),
    input_kind    TEXT NOT NULL,
    input_id      TEXT NOT NULL,
    item_code     TEXT NOT NULL,
    quantity      TEXT NOT NULL,
    uom           TEXT NOT NULL,
    deviation_id  TEXT NULL,
    PRIMARY KEY (mfg_id, input_kind, input_id)
);
CREATE INDEX mfg_inputs_by_input ON mfg_inputs (input_kind, input_id);

CREATE TABLE units (
    id             TEXT PRIMARY KEY,
    item_code      TEXT NOT NULL REFERENCES items (code),
    serial         TEXT NOT NULL,
    lot_id         TEXT NULL,
    status         TEXT NOT NULL,
    status_reason  TEXT NULL,
    location       TEXT NULL,
    parent_unit    TEXT NULL,
    made_by        TEXT NULL,
    created_at     TEXT NOT NULL,
    created_seq    INTEGER NOT NULL,
    last_seq       INTEGER NOT NULL,
    UNIQUE (item_code, serial)
);
CREATE INDEX units_by_serial ON units (serial);
CREATE INDEX units_by_made_by ON units (made_by);

-- A component (unit) or material (lot quantity) inside a unit, from installed_at until removed_at.
CREATE TABLE unit_components (
    parent_unit     TEXT NOT NULL REFERENCES units (id),
    component_kind  TEXT NOT NULL,
    component_id    TEXT NOT NULL,
    quantity        TEXT NULL,
    installed_seq   INTEGER NOT NULL,
    installed_at    TEXT NOT NULL,
    removed_seq     INTEGER NULL,
    removed_at      TEXT NULL,
    PRIMARY KEY (parent_unit, component_kind, component_id, installed_seq)
);
CREATE INDEX unit_components_by_component ON unit_components (component_kind, component_id);

CREATE TABLE containers (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    created_seq  INTEGER NOT NULL
);

-- What a container held, from packed_at until unpacked_at.
CREATE TABLE container_contents (
    container_id   TEXT NOT NULL REFERENCES containers (id),
    content_kind   TEXT NOT NULL,
    content_id     TEXT NOT NULL,
    quantity       TEXT NULL,
    packed_seq     INTEGER NOT NULL,
    packed_at      TEXT NOT NULL,
    unpacked_seq   INTEGER NULL,
    unpacked_at    TEXT NULL,
    PRIMARY KEY (container_id, content_kind, content_id, packed_seq)
);
CREATE INDEX container_contents_by_content ON container_contents (content_kind, content_id);

CREATE TABLE deviations (
    id              TEXT PRIMARY KEY,
    description     TEXT NOT NULL,
    in_place_of     TEXT NULL,
    quantity_limit  TEXT NOT NULL,
    quantity_used   TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT NOT NULL,
    approved_by     TEXT NOT NULL,
    granted_seq     INTEGER NOT NULL
);

CREATE TABLE deviation_lots (
    deviation_id  TEXT NOT NULL REFERENCES deviations (id),
    lot_id        TEXT NOT NULL REFERENCES lots (id),
    PRIMARY KEY (deviation_id, lot_id)
);
