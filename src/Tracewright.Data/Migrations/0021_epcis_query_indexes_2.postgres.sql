-- Query parameters over a million captured events (issue 17, measured in bench/ section 7): a read point or business
-- location, step or disposition that few events share is found by its index in capture order, a quantity by its value,
-- and an EPC pattern (LIKE 'prefix%') by an index that compares bytes whatever the database's collation.
CREATE INDEX epcis_events_by_read_point ON epcis_events (read_point, seq);
CREATE INDEX epcis_events_by_biz_location ON epcis_events (biz_location, seq);
CREATE INDEX epcis_events_by_biz_step ON epcis_events (biz_step, seq);
CREATE INDEX epcis_events_by_disposition ON epcis_events (disposition, seq);
CREATE INDEX epcis_epcs_by_quantity ON epcis_epcs (quantity) WHERE quantity IS NOT NULL;
CREATE INDEX epcis_epcs_by_epc_pattern ON epcis_epcs (epc text_pattern_ops);
