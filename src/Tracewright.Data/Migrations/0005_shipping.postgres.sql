-- Customers, orders, shipments and returns: where traced material leaves the building.
CREATE TABLE customers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    contact_name    TEXT NULL,
    email           TEXT NULL,
    phone           TEXT NULL,
    address         TEXT NULL,
    registered_seq  BIGINT NOT NULL
);

CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    reference    TEXT NULL,
    ordered_at   TEXT NOT NULL,
    placed_seq   BIGINT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id);

CREATE TABLE order_lines (
    order_id   TEXT NOT NULL REFERENCES orders (id),
    line_no    BIGINT NOT NULL,
    item_code  TEXT NOT NULL REFERENCES items (code),
    quantity   NUMERIC NOT NULL,
    uom        TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE shipments (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    ship_from    TEXT NOT NULL,
    reference    TEXT NULL,
    shipped_at   TEXT NOT NULL,
    shipped_seq  BIGINT NOT NULL
);
CREATE INDEX shipments_by_order ON shipments (order_id);

-- Exactly what left: lots with quantity, units, and the containers named on the shipment.
CREATE TABLE shipment_lines (
    shipment_id    TEXT NOT NULL REFERENCES shipments (id),
    line_kind      TEXT NOT NULL,
    line_id        TEXT NOT NULL,
    item_code      TEXT NULL,
    quantity       NUMERIC NULL,
    uom            TEXT NULL,
    via_container  TEXT NULL,
    PRIMARY KEY (shipment_id, line_kind, line_id)
);
CREATE INDEX shipment_lines_by_line ON shipment_lines (line_kind, line_id);

CREATE TABLE returns (
    id           TEXT PRIMARY KEY,
    shipment_id  TEXT NOT NULL REFERENCES shipments (id),
    reason       TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    return_seq   BIGINT NOT NULL
);

CREATE TABLE return_lines (
    return_id  TEXT NOT NULL REFERENCES returns (id),
    line_kind  TEXT NOT NULL,
    line_id    TEXT NOT NULL,
    quantity   NUMERIC NULL,
    PRIMARY KEY (return_id, line_kind, line_id)
);
