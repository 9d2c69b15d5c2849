-- A supplier can require certificates of every delivery from it (SupplierCertificatesRequired in the ledger): the
-- current list as JSON, like items.required_certificates. A lot keeps what its supplier required when it was received
-- (LotReceived.SupplierRequires; a piece keeps its parent's), so a later change affects only later deliveries.
ALTER TABLE suppliers ADD COLUMN required_certificates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE lots ADD COLUMN supplier_certificates TEXT NOT NULL DEFAULT '[]';
