-- Provider webhooks, dead letters and redrive.

-- A redrive puts a dead-lettered notification back into play: its state goes back to queued and its attempts start
-- again, in a new round. History is unique per (round, state, attempt), so the statuses of the new round are recorded
-- beside those of the earlier one instead of being taken for duplicates.
ALTER TABLE notification ADD COLUMN redrives integer NOT NULL DEFAULT 0;

-- round: the notification's redrives when the entry was written.
-- event: null for a Herald status (a transition or a late update); otherwise what reported something that informs
-- without being a Herald status, e.g. 'sendgrid.deferred', 'twilio.sent', 'operator.redrive'. Such entries are
-- written once by the code that consumes their source (webhook events are idempotent on their provider key).
ALTER TABLE notification_history ADD COLUMN round integer NOT NULL DEFAULT 0;
ALTER TABLE notification_history ADD COLUMN event text;
ALTER TABLE notification_history DROP CONSTRAINT notification_history_state_attempt_key;
CREATE UNIQUE INDEX notification_history_transition_key
    ON notification_history (notification_id, round, state, attempt) WHERE event IS NULL;
CREATE INDEX notification_history_notification_idx ON notification_history (notification_id, at);

-- Counts over a time window (GET /v1/stats, the operator page) and the page's recent events.
CREATE INDEX event_tenant_accepted_idx ON event (tenant, accepted_at DESC);

-- Every verified provider webhook event, stored before it is acknowledged and applied afterwards (possibly on another
-- replica: the applier takes rows with FOR UPDATE SKIP LOCKED). (provider, event_key) makes a re-sent event a no-op.
-- An event whose notification is not known yet is retried with backoff until unmatched-retry-for has passed.
CREATE TABLE webhook_event (
    id                   bigserial PRIMARY KEY,
    provider             text        NOT NULL,
    event_key            text        NOT NULL,
    event                text        NOT NULL,
    outcome              text        NOT NULL,
    notification_id      uuid,
    provider_message_id  text,
    tenant               text,
    -- the recipient, kept only while a hygiene report (hard bounce, invalid number) still has to be published
    address              text,
    hygiene_reason       text,
    detail               text,
    at                   timestamptz NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    tries                integer     NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz NOT NULL DEFAULT now(),
    applied_at           timestamptz,
    result               text,
    hygiene_published_at timestamptz,
    CONSTRAINT webhook_event_key UNIQUE (provider, event_key)
);
CREATE INDEX webhook_event_pending_idx ON webhook_event (next_attempt_at, id) WHERE applied_at IS NULL;
CREATE INDEX webhook_event_hygiene_idx ON webhook_event (id)
    WHERE hygiene_reason IS NOT NULL AND applied_at IS NOT NULL AND hygiene_published_at IS NULL;
CREATE INDEX webhook_event_received_idx ON webhook_event (received_at);

-- Dead letters moved out of herald.<channel>.dlq by the tracker's consumers, so they can be listed per tenant, paged,
-- and redriven by id. At most one pending dead letter per (channel, key): key is the notification id, or for a
-- message that is not a dispatch at all the SHA-256 of its body, so a redelivered dead letter replaces itself.
CREATE TABLE dead_letter (
    id               uuid PRIMARY KEY,
    channel          text        NOT NULL,
    letter_key       text        NOT NULL,
    notification_id  uuid,
    event_id         uuid,
    tenant           text,
    user_id          text,
    attempt          integer,
    reason           text,
    origin           text        NOT NULL,
    payload          bytea       NOT NULL,
    headers          jsonb       NOT NULL DEFAULT '{}',
    dead_lettered_at timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz,
    resolution       text
);
CREATE UNIQUE INDEX dead_letter_pending_key ON dead_letter (channel, letter_key) WHERE resolved_at IS NULL;
CREATE INDEX dead_letter_pending_page_idx ON dead_letter (tenant, channel, received_at, id) WHERE resolved_at IS NULL;
