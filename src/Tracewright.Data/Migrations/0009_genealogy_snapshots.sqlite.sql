-- Snapshots of the in-memory genealogy index (GenealogyIndex.WriteSnapshot) so a start need not replay the whole
-- ledger. Derived and disposable: each names the ledger record it reflects and that record's hash; a snapshot that
-- does not fit the ledger is ignored and the index rebuilt from the ledger. `verify` compares each complete snapshot
-- with the ledger replayed to its record. Written in chunks, marked complete last; older ones are then deleted.
CREATE TABLE genealogy_snapshots (
    id           INTEGER PRIMARY KEY,
    seq          INTEGER NOT NULL,                  -- the last ledger record the snapshot reflects
    ledger_hash  TEXT NOT NULL,                     -- that record's hash
    bytes        INTEGER NOT NULL,
    chunks       INTEGER NOT NULL,
    complete     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);

CREATE TABLE genealogy_snapshot_chunks (
    snapshot_id  INTEGER NOT NULL REFERENCES genealogy_snapshots (id) ON DELETE CASCADE,
    chunk        INTEGER NOT NULL,
    content      BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, chunk)
);
