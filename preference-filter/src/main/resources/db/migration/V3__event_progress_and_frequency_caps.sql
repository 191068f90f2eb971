-- How far the filter got with an event that is processed in chunks (more recipients than one chunk): the number of
-- the event's distinct recipients, in the event's order, whose notifications are all decided, stored and published
-- with confirms. A redelivered or retried event resumes after them. The row is deleted once the event is done;
-- rows of events that never finished (dead-lettered) are purged after herald.filter.progress-retention.
CREATE TABLE event_progress (
    event_id         uuid        NOT NULL,
    tenant           text        NOT NULL,
    recipients_done  integer     NOT NULL,
    recipients_total integer     NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_progress_pk PRIMARY KEY (event_id)
);
CREATE INDEX event_progress_age ON event_progress (updated_at);

-- Frequency caps: one row per notification the cap was asked about, whether it was counted (sent) or capped. The
-- notification id is the key, so a redone event gets the same answer and is not counted twice; only counted rows
-- inside the window count against the cap.
CREATE TABLE frequency_cap_usage (
    notification_id uuid        NOT NULL,
    tenant          text        NOT NULL,
    user_id         text        NOT NULL,
    channel         text        NOT NULL,
    decided_at      timestamptz NOT NULL,
    counted         boolean     NOT NULL,
    CONSTRAINT frequency_cap_usage_pk PRIMARY KEY (notification_id)
);
CREATE INDEX frequency_cap_usage_window ON frequency_cap_usage (tenant, user_id, channel, decided_at) WHERE counted;
CREATE INDEX frequency_cap_usage_age ON frequency_cap_usage (decided_at);

-- Takes one slot of its (tenant, user, channel) cap for each notification, or answers that the cap is reached.
-- Race-safe across replicas: each (tenant, user, channel) is counted under a transaction-scoped advisory lock,
-- taken in one sorted order so that two calls never wait on each other in a cycle. A notification asked about
-- before keeps its first answer.
CREATE FUNCTION take_frequency_slots(ids uuid[], tenants text[], user_ids text[], channels text[], limits integer[],
                                     window_millis bigint[], decided timestamptz)
RETURNS TABLE (id uuid, allowed boolean) LANGUAGE plpgsql AS $$
DECLARE
    wanted record;
    answer boolean;
    used   integer;
BEGIN
    FOR wanted IN
        SELECT w.notification_id, w.tenant, w.user_id, w.channel, w.cap, w.span
          FROM unnest(ids, tenants, user_ids, channels, limits, window_millis)
               AS w(notification_id, tenant, user_id, channel, cap, span)
         ORDER BY w.tenant, w.user_id, w.channel, w.notification_id
    LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(wanted.tenant || '/' || wanted.user_id || '/' || wanted.channel, 0));
        SELECT u.counted INTO answer FROM preference.frequency_cap_usage u WHERE u.notification_id = wanted.notification_id;
        IF NOT FOUND THEN
            SELECT count(*) INTO used FROM preference.frequency_cap_usage u
             WHERE u.tenant = wanted.tenant AND u.user_id = wanted.user_id AND u.channel = wanted.channel
               AND u.counted AND u.decided_at > decided - wanted.span * interval '1 millisecond';
            answer := used < wanted.cap;
            INSERT INTO preference.frequency_cap_usage (notification_id, tenant, user_id, channel, decided_at, counted)
            VALUES (wanted.notification_id, wanted.tenant, wanted.user_id, wanted.channel, decided, answer);
        END IF;
        id := wanted.notification_id;
        allowed := answer;
        RETURN NEXT;
    END LOOP;
END
$$;
