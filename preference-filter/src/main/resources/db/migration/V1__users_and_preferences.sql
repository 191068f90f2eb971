-- Users of each tenant with their contact points, and their notification preferences.
-- Every key starts with the tenant: one tenant's rows are never reachable through another tenant's key.

CREATE TABLE users (
    tenant        text        NOT NULL,
    user_id       text        NOT NULL,
    email         text,
    phone         text        CONSTRAINT users_phone_e164 CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
    locale        text,
    timezone      text,
    push_tokens   text[]      NOT NULL DEFAULT '{}',
    slack_channel text,
    slack_user_id text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pk PRIMARY KEY (tenant, user_id),
    CONSTRAINT users_one_slack_target CHECK (slack_channel IS NULL OR slack_user_id IS NULL)
);

-- One row per user who has set preferences; a user without a row gets the defaults (everything on).
-- channels:   {"email": false, ...}                  global switch per channel; a missing channel is on
-- categories: {"marketing": {"email": false}, ...}   choice per category and channel; a missing one is on
CREATE TABLE preferences (
    tenant      text        NOT NULL,
    user_id     text        NOT NULL,
    channels    jsonb       NOT NULL DEFAULT '{}',
    categories  jsonb       NOT NULL DEFAULT '{}',
    quiet_start time,
    quiet_end   time,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT preferences_pk PRIMARY KEY (tenant, user_id),
    CONSTRAINT preferences_user_fk FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, user_id) ON DELETE CASCADE,
    CONSTRAINT preferences_quiet_hours_complete CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
