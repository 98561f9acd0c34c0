-- Callback grants: what a callback URI sip:cb-<token>@relaybridge lets a nurse do, kept so that a restart does not
-- turn a callback URI already handed to the nurse into a 404. Common to H2 2.x and PostgreSQL: no vendor types
-- (relay_json is VARCHAR(1000000) like call_records.relay_json, which both take and which maps to a plain String).

CREATE TABLE callback_grant (
    token         VARCHAR(64)  NOT NULL PRIMARY KEY,
    call_id       VARCHAR(64)  NOT NULL,
    profile_id    VARCHAR(64),
    service       VARCHAR(16),
    person_number VARCHAR(200),
    relay_json    VARCHAR(1000000),
    issued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the purge at start deletes by expiry
CREATE INDEX callback_grant_expires ON callback_grant (expires_at);
