-- One row per (tenant, user, channel) that a frequency cap has ever counted: what take_frequency_slots locks, with a
-- row lock, while it counts that key. Row locks live in the rows themselves, not in PostgreSQL's shared lock table,
-- so a call may lock any number of keys (V3 took one transaction-scoped advisory lock per key instead: a chunk of
-- 1000 recipients held 1000 entries of that table, of ~max_locks_per_transaction x max_connections in all, until
-- "out of shared memory"). The rows are never deleted: a key that disappeared between its insert and its lock would
-- be counted unlocked.
CREATE TABLE frequency_cap_key (
    tenant  text NOT NULL,
    user_id text NOT NULL,
    channel text NOT NULL,
    CONSTRAINT frequency_cap_key_pk PRIMARY KEY (tenant, user_id, channel)
);

-- Takes one slot of its (tenant, user, channel) cap for each notification, or answers that the cap is reached.
-- Race-safe across replicas: the keys are first created where missing, then all locked FOR UPDATE, both in one
-- sorted order, so that two calls never wait on each other in a cycle, and each key is counted under its lock until
-- commit. A notification asked about before keeps its first answer.
CREATE OR REPLACE FUNCTION take_frequency_slots(ids uuid[], tenants text[], user_ids text[], channels text[],
                                                limits integer[], window_millis bigint[], decided timestamptz)
RETURNS TABLE (id uuid, allowed boolean) LANGUAGE plpgsql AS $$
DECLARE
    wanted record;
    answer boolean;
    used   integer;
BEGIN
    -- A key inserted by a transaction still running makes this one wait for it here, then do nothing.
    INSERT INTO preference.frequency_cap_key (tenant, user_id, channel)
    SELECT DISTINCT k.tenant, k.user_id, k.channel
      FROM unnest(tenants, user_ids, channels) AS k(tenant, user_id, channel)
     ORDER BY k.tenant, k.user_id, k.channel
        ON CONFLICT DO NOTHING;

    -- Locked in the order of the sort (PostgreSQL locks the rows as the sorted rows come out).
    PERFORM 1
       FROM preference.frequency_cap_key k
      WHERE (k.tenant, k.user_id, k.channel) IN (SELECT w.tenant, w.user_id, w.channel
                                                     FROM unnest(tenants, user_ids, channels)
                                                          AS w(tenant, user_id, channel))
      ORDER BY k.tenant, k.user_id, k.channel
        FOR UPDATE OF k;

    FOR wanted IN
        SELECT w.notification_id, w.tenant, w.user_id, w.channel, w.cap, w.span
          FROM unnest(ids, tenants, user_ids, channels, limits, window_millis)
               AS w(notification_id, tenant, user_id, channel, cap, span)
         ORDER BY w.tenant, w.user_id, w.channel, w.notification_id
    LOOP
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
