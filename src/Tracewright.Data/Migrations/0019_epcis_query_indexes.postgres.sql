-- The REST binding's query parameters that select by a value few events share (issue 17): EQ_bizTransaction_{type},
-- EQ_source_{type}, EQ_destination_{type} and EQ_transformationID find their events by index, not by reading every event.
CREATE INDEX epcis_biz_transactions_by_value ON epcis_biz_transactions (value);
CREATE INDEX epcis_sources_by_party ON epcis_sources (party);
CREATE INDEX epcis_destinations_by_party ON epcis_destinations (party);
CREATE INDEX epcis_events_by_transformation ON epcis_events (transformation_id);
