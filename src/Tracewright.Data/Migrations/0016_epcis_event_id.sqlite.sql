-- Captured events looked up by their eventID (GET /epcis/events/{eventID}, EQ_eventID).
CREATE INDEX epcis_events_by_event_id ON epcis_events (event_id);
