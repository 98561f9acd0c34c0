-- Call records and the audit log. Written for both H2 2.x and PostgreSQL: no vendor types.
-- Times are TIMESTAMP WITH TIME ZONE so an instant is stored as that instant whatever the JVM's zone.

CREATE TABLE call_records (
    call_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    state             VARCHAR(16)  NOT NULL,
    session_id        VARCHAR(128),
    profile_id        VARCHAR(64),
    service           VARCHAR(16),
    provider_name     VARCHAR(200),
    interpreter_id    VARCHAR(200),
    region            VARCHAR(8),
    region_name       VARCHAR(100),
    queue_id          VARCHAR(100),
    route_evidence    VARCHAR(2000),
    language          VARCHAR(64),
    language_decision VARCHAR(32),
    relay_json        VARCHAR(1000000),
    targets_tried     VARCHAR(10000),
    outcome           VARCHAR(200),
    hung_up_by        VARCHAR(16),
    offered_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at       TIMESTAMP WITH TIME ZONE,
    ended_at          TIMESTAMP WITH TIME ZONE
);

-- the search: newest first, filtered by time, profile, region, state (outcome has its own, per vendor, in V2)
CREATE INDEX call_records_offered ON call_records (offered_at);
CREATE INDEX call_records_profile ON call_records (profile_id, offered_at);
CREATE INDEX call_records_region ON call_records (region, offered_at);
CREATE INDEX call_records_state ON call_records (state, offered_at);
CREATE INDEX call_records_session ON call_records (session_id);

CREATE SEQUENCE audit_log_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE audit_log (
    id          BIGINT       NOT NULL PRIMARY KEY,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    who         VARCHAR(100) NOT NULL,
    subject     VARCHAR(200) NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    before_json VARCHAR(1000000),
    after_json  VARCHAR(1000000)
);

CREATE INDEX audit_log_subject ON audit_log (subject, changed_at);
CREATE INDEX audit_log_at ON audit_log (changed_at);
