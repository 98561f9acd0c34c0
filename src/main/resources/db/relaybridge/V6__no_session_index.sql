-- No search, board or statistic reads call records by session_id (the API searches by time, profile, region,
-- state and outcome): its index only cost every insert a random page of its own at each commit, the Session-ID
-- being random (docs/records-writer.md, "What a commit costs"). The column stays, shown with each record.
DROP INDEX call_records_session;
