-- The fields of captured events that the REST binding's field parameters select by (issue 17): user extensions at event
-- level and inside ILMD, the error declaration, the read point and business location, sensor elements with their standard
-- metadata and report fields, and the persistent disposition (EpcisEventFields in the domain says which is which). Derived
-- from each event's document; an existing database gets the rows of the events it holds when this migration runs.
CREATE TABLE epcis_event_fields (
    event_key  TEXT NOT NULL REFERENCES epcis_events (event_key),
    position   BIGINT NOT NULL,
    part       TEXT NOT NULL,                       -- '' (event), ILMD, ERROR_DECLARATION, readPoint, bizLocation, SENSORELEMENT, SENSORMETADATA, SENSORREPORT, persistentDisposition
    grp        BIGINT NOT NULL,                     -- the sensor element, metadata or report it is in (0 elsewhere)
    nested     BIGINT NOT NULL,                     -- 1: inside another extension field (the INNER_ parameters)
    ns         TEXT NOT NULL,                       -- namespace URI; '' for the standard sensor fields
    name       TEXT NOT NULL,                       -- local name
    prefix     TEXT NULL,                           -- the prefix the sender wrote
    value      TEXT NULL,                           -- the value (over 256 characters: its SHA-256), NULL for a field holding others
    num        DOUBLE PRECISION NULL,               -- the value as a number, when it is one
    instant    TEXT NULL,                           -- the value as an instant (ledger text form), when it is one
    uom        TEXT NULL,                           -- a sensor report's measured value: the report's unit (GE_value_CEL)
    PRIMARY KEY (event_key, position)
);
CREATE INDEX epcis_event_fields_by_value ON epcis_event_fields (name, value);
CREATE INDEX epcis_event_fields_by_num ON epcis_event_fields (name, num);
CREATE INDEX epcis_event_fields_by_instant ON epcis_event_fields (name, instant);
-- A field's name says much about its values (every "type" is a sensor report's): without these the planner takes a common
-- value for a rare one and collects all its events to answer a page (bench section 7b: EQ_type 1.2 s → 20 ms at 1M).
CREATE STATISTICS epcis_event_fields_by_name_value (mcv, dependencies) ON name, value, part FROM epcis_event_fields;
CREATE STATISTICS epcis_event_fields_by_name_num (mcv, dependencies) ON name, num, part FROM epcis_event_fields;
CREATE STATISTICS epcis_event_fields_by_name_instant (mcv, dependencies) ON name, instant, part FROM epcis_event_fields;
