-- The suppression list, the tenant's category catalog with its defaults, notifications deferred by quiet hours, and
-- the change feed that keeps every replica's lookup cache fresh.

ALTER TABLE preferences ADD COLUMN unsubscribed_all boolean NOT NULL DEFAULT false;

-- Addresses that must not be used again on a channel (hard bounces, invalid numbers, unregistered tokens, or an
-- operator's entry). Email addresses are stored lower-case; push addresses are single device tokens.
CREATE TABLE suppressions (
    tenant          text        NOT NULL,
    channel         text        NOT NULL CONSTRAINT suppressions_channel CHECK (channel IN ('email', 'sms', 'push', 'slack')),
    address         text        NOT NULL,
    reason          text        NOT NULL,
    detail          text,
    notification_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT suppressions_pk PRIMARY KEY (tenant, channel, address)
);
-- The recipient lookup matches a user's addresses whatever their channel.
CREATE INDEX suppressions_by_address ON suppressions (tenant, address);

-- A tenant's categories: the channels on by default (a channel not named is on), whether the category is critical
-- (its events bypass opt-outs and users cannot switch it off), and how the settings page names it.
CREATE TABLE category_defaults (
    tenant      text        NOT NULL,
    category    text        NOT NULL,
    channels    jsonb       NOT NULL DEFAULT '{}',
    critical    boolean     NOT NULL DEFAULT false,
    label       text,
    description text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT category_defaults_pk PRIMARY KEY (tenant, category)
);

-- Notifications held by quiet hours until release_at. The row is written before the event is acknowledged and
-- deleted once its release is confirmed by the broker, so a restart loses none. The releaser claims due rows with
-- FOR UPDATE SKIP LOCKED: replicas share the work without releasing a row twice at once.
CREATE TABLE deferred_notifications (
    notification_id uuid        NOT NULL,
    tenant          text        NOT NULL,
    user_id         text        NOT NULL,
    channel         text        NOT NULL,
    release_at      timestamptz NOT NULL,
    dispatch        jsonb       NOT NULL,
    traceparent     text,
    deferred_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deferred_notifications_pk PRIMARY KEY (notification_id)
);
CREATE INDEX deferred_notifications_due ON deferred_notifications (release_at);

-- Every change to what a decision reads is announced on the channel herald_preference_changes (sent at commit),
-- whoever made it: each replica of the filter listens and drops what it cached.
CREATE FUNCTION notify_preference_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    payload jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    -- Separate branches: a record's fields are resolved when a statement is planned, so each table reads its own.
    IF TG_TABLE_NAME = 'suppressions' THEN
        payload := jsonb_build_object('kind', 'suppression', 'tenant', changed.tenant,
                                      'channel', changed.channel, 'address', changed.address);
    ELSIF TG_TABLE_NAME = 'category_defaults' THEN
        payload := jsonb_build_object('kind', 'category', 'tenant', changed.tenant);
    ELSE
        payload := jsonb_build_object('kind', 'user', 'tenant', changed.tenant, 'userId', changed.user_id);
    END IF;
    PERFORM pg_notify('herald_preference_changes', payload::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_preference_change();
CREATE TRIGGER preferences_changed AFTER INSERT OR UPDATE OR DELETE ON preferences
    FOR EACH ROW EXECUTE FUNCTION notify_preference_change();
CREATE TRIGGER suppressions_changed AFTER INSERT OR UPDATE OR DELETE ON suppressions
    FOR EACH ROW EXECUTE FUNCTION notify_preference_change();
CREATE TRIGGER category_defaults_changed AFTER INSERT OR UPDATE OR DELETE ON category_defaults
    FOR EACH ROW EXECUTE FUNCTION notify_preference_change();
