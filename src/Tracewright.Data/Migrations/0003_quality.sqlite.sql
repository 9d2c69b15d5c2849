-- Nonconformance reports and CAPAs. Deviations are in 0002.
CREATE TABLE ncrs (
    id                 TEXT PRIMARY KEY,
    description        TEXT NOT NULL,
    detected_at        TEXT NOT NULL,
    detected_by        TEXT NOT NULL,
    opened_at          TEXT NOT NULL,
    opened_seq         INTEGER NOT NULL,
    status             TEXT NOT NULL,
    disposition        TEXT NULL,
    approved_by        TEXT NULL,
    disposition_reason TEXT NULL,
    dispositioned_seq  INTEGER NULL,
    closed_reason      TEXT NULL,
    closed_seq         INTEGER NULL
);

-- What a report covers: a lot, a unit (ITEM:SERIAL) or a manufacture record.
CREATE TABLE ncr_subjects (
    ncr_id        TEXT NOT NULL REFERENCES ncrs (id),
    subject_kind  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    PRIMARY KEY (ncr_id, subject_kind, subject_id)
);
CREATE INDEX ncr_subjects_by_subject ON ncr_subjects (subject_kind, subject_id);

-- effective: NULL until checked, then the latest check's outcome (1 effective, 0 not).
CREATE TABLE capas (
    id            TEXT PRIMARY KEY,
    root_cause    TEXT NOT NULL,
    status        TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    opened_seq    INTEGER NOT NULL,
    effective     INTEGER NULL,
    check_notes   TEXT NULL,
    checked_by    TEXT NULL,
    checked_seq   INTEGER NULL,
    closed_reason TEXT NULL,
    closed_seq    INTEGER NULL
);

CREATE TABLE capa_ncrs (
    capa_id  TEXT NOT NULL REFERENCES capas (id),
    ncr_id   TEXT NOT NULL REFERENCES ncrs (id),
    PRIMARY KEY (capa_id, ncr_id)
);
CREATE INDEX capa_ncrs_by_ncr ON capa_ncrs (ncr_id);

CREATE TABLE capa_actions (
    capa_id      TEXT NOT NULL REFERENCES capas (id),
    action_no    INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    added_seq    INTEGER NOT NULL,
    done_at      TEXT NULL,
    done_by      TEXT NULL,
    done_notes   TEXT NULL,
    done_seq     INTEGER NULL,
    PRIMARY KEY (capa_id, action_no)
);
