-- Capture jobs of the EPCIS REST binding: POST /epcis/capture answers 202 with /epcis/capture/{id}. Operational state beside
-- the ledger, like the sign-in sessions, not derived from it and not in a backup; the events a job captures are ledger
-- records like any others. Rows are only ever inserted, except that a job's document is deleted once the job is finished.
--
-- A job and its document are inserted in one transaction before the 202 is sent. A job is finished by its one row in
-- epcis_capture_results, written in the same transaction as the events it captured (or alone, when it captured none):
-- a job without a result is running, and is run again after a restart, which can neither lose nor repeat its events.
CREATE TABLE epcis_capture_jobs (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    syntax      TEXT NOT NULL,
    lenient     BIGINT NOT NULL,
    behaviour   TEXT NOT NULL
);
CREATE INDEX epcis_capture_jobs_by_time ON epcis_capture_jobs (created_at, id);

CREATE TABLE epcis_capture_documents (
    job_id      TEXT PRIMARY KEY,
    document    TEXT NOT NULL
);

-- success: 1 when no event was refused. errors: a JSON array of RFC 9457 problems (one per refused event, with its position);
-- counts: a JSON object (events, captured, duplicates, declaredErroneous, masterData, conflicts).
CREATE TABLE epcis_capture_results (
    job_id      TEXT PRIMARY KEY,
    finished_at TEXT NOT NULL,
    success     BIGINT NOT NULL,
    errors      TEXT NOT NULL,
    counts      TEXT NOT NULL
);
