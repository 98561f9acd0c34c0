-- outcome is searched by prefix (LIKE 'refused%'); H2 uses a plain index for that
CREATE INDEX call_records_outcome ON call_records (outcome, offered_at);
