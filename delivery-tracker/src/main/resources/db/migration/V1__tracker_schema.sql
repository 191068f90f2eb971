-- The delivery tracker's schema: events as ingress accepted them, one row per notification with its current
-- state, and the history of every update it received.

CREATE TABLE event (
    event_id        uuid PRIMARY KEY,
    tenant          text        NOT NULL,
    source          text,
    type            text        NOT NULL,
    category        text,
    critical        boolean     NOT NULL DEFAULT false,
    recipient_count integer     NOT NULL,
    accepted_at     timestamptz NOT NULL,
    expires_at      timestamptz,
    received_at     timestamptz NOT NULL DEFAULT now()
);

-- No foreign key to event: statuses may arrive before their event (separate queues), and each is recorded as it comes.
-- created_at is when the tracker first heard of the notification and never changes, so (created_at, notification_id)
-- is a stable keyset for pagination; updated_at is the time of the status that set the current state.
CREATE TABLE notification (
    notification_id     uuid PRIMARY KEY,
    event_id            uuid        NOT NULL,
    tenant              text        NOT NULL,
    user_id             text        NOT NULL,
    channel             text        NOT NULL,
    state               text        NOT NULL,
    attempt             integer     NOT NULL,
    provider            text,
    provider_message_id text,
    reason              text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL
);

-- GET /v1/events/{id} and listings filtered by event: every notification of one event, in keyset order.
CREATE INDEX notification_event_page_idx ON notification (event_id, created_at, notification_id);
-- Listings of one tenant (optionally filtered by channel or state): keyset order within the tenant.
CREATE INDEX notification_tenant_page_idx ON notification (tenant, created_at, notification_id);
-- Listings of one user of a tenant.
CREATE INDEX notification_tenant_user_page_idx ON notification (tenant, user_id, created_at, notification_id);
-- Provider webhooks name the provider's message id only.
CREATE INDEX notification_provider_message_idx ON notification (provider_message_id)
    WHERE provider_message_id IS NOT NULL;

-- Every accepted transition, plus late or out-of-order updates kept for the record with ignored = true.
-- A (state, attempt) pair is recorded once per notification: redelivered and duplicate statuses add nothing.
-- The unique index also serves the history lookup by notification.
CREATE TABLE notification_history (
    id              bigserial PRIMARY KEY,
    notification_id uuid        NOT NULL,
    state           text        NOT NULL,
    at              timestamptz NOT NULL,
    attempt         integer     NOT NULL,
    detail          text,
    ignored         boolean     NOT NULL DEFAULT false,
    CONSTRAINT notification_history_state_attempt_key UNIQUE (notification_id, state, attempt)
);
