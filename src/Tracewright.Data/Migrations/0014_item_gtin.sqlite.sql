-- An item's GS1 GTIN, as 14 digits (ItemRegistered with a GTIN, or ItemGtinAssigned later); NULL when it has none.
-- No two items share one: a scan of (01) must name one item. NULLs do not collide in a unique index.
ALTER TABLE items ADD COLUMN gtin TEXT NULL;
CREATE UNIQUE INDEX items_gtin ON items (gtin);
