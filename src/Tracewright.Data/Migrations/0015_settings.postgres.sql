-- Shop-wide settings, each the latest ledger record that set it (Gs1CompanyPrefixSet: name 'gs1-company-prefix').
CREATE TABLE settings (
    name    TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    set_seq BIGINT NOT NULL
);
