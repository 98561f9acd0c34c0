-- outcome is searched by prefix (LIKE 'refused%'); PostgreSQL uses an index for that only with pattern ops
-- (or the C collation), so the plain index H2 gets would not serve the search here
CREATE INDEX call_records_outcome ON call_records (outcome varchar_pattern_ops, offered_at);
