-- Scheduled callbacks (POST /api/callbacks) and every attempt of each, kept so that a restart between scheduling
-- and the due time loses none. Common to H2 2.x and PostgreSQL: no vendor types. The person's number is not
-- repeated here: it stays in callback_grant, reached through grant_token.

CREATE TABLE scheduled_callback (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    call_id     VARCHAR(64)  NOT NULL,
    grant_token VARCHAR(64)  NOT NULL,
    profile_id  VARCHAR(64)  NOT NULL,
    nurse_uri   VARCHAR(1000) NOT NULL,
    due_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    attempts    INTEGER      NOT NULL,
    created_by  VARCHAR(100) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the scheduler's start reads the pending ones; the list shows them by due time
CREATE INDEX scheduled_callback_state ON scheduled_callback (state, due_at);

CREATE TABLE callback_attempt (
    callback_id VARCHAR(64)  NOT NULL,
    attempt_no  INTEGER      NOT NULL,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     VARCHAR(32)  NOT NULL,
    sip_status  INTEGER,
    call_id     VARCHAR(64),
    PRIMARY KEY (callback_id, attempt_no),
    FOREIGN KEY (callback_id) REFERENCES scheduled_callback (id)
);

-- a scheduled callback is asked for by the relay call's id: its grant is found by call_id
CREATE INDEX callback_grant_call ON callback_grant (call_id, issued_at);
