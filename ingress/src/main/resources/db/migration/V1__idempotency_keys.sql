-- Idempotency keys of POST /v1/events: the same key and body give the same event id and publish nothing new.
CREATE TABLE idempotency_key (
    tenant       text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    event_id     uuid        NOT NULL,
    recipients   integer     NOT NULL,
    -- false while the publish is in flight; a row left false by a crash is re-published with the same event id
    published    boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
