-- When each node's records writer was last alive (once a second): after a crash, the calls found still in
-- progress get this time as their end instead of the time of the restart.
CREATE TABLE records_heartbeat (
    node     VARCHAR(64) NOT NULL PRIMARY KEY,
    alive_at TIMESTAMP WITH TIME ZONE NOT NULL
);
