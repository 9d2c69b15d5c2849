-- Query parameters over a million captured events (issue 17, measured in bench/ section 7): a read point or business
-- location, step, disposition or error reason that few events share, and the events declared erroneous, are found by
-- an index in capture order; a quantity by its value,
-- and an EPC pattern by a range of the epc index.
CREATE INDEX epcis_events_by_read_point ON epcis_events (read_point, seq);
CREATE INDEX epcis_events_by_biz_location ON epcis_events (biz_location, seq);
CREATE INDEX epcis_events_by_biz_step ON epcis_events (biz_step, seq);
CREATE INDEX epcis_events_by_disposition ON epcis_events (disposition, seq);
CREATE INDEX epcis_events_erroneous ON epcis_events (seq) WHERE erroneous = 1;
CREATE INDEX epcis_events_by_error_reason ON epcis_events (error_reason, seq) WHERE error_reason IS NOT NULL;
CREATE INDEX epcis_epcs_by_quantity ON epcis_epcs (CAST(quantity AS NUMERIC)) WHERE quantity IS NOT NULL; -- quantities are exact text here
