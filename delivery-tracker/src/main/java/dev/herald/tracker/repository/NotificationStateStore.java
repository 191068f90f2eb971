package dev.herald.tracker.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.model.TrackedState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The write path of notification states, statement by statement, inside a transaction the caller owns. Every
 * statement takes a whole batch as arrays ({@code unnest}), so a batch of any size costs the same few round trips.
 * This is raw reactive SQL rather than Hibernate: upserts, row locks in a fixed order and multi-row array statements
 * are what this hot path needs, and a Hibernate session would add a round of object mapping per status for nothing.
 *
 * <p>Lock order: new rows are inserted, and existing rows locked, in ascending notification id (the database's
 * order), so concurrent batches touching the same notifications wait for each other instead of deadlocking.
 */
@ApplicationScoped
public class NotificationStateStore {

    static final String LOCK_MATCHING = """
            SELECT notification_id, event_id, tenant, user_id, channel, state, attempt, provider,
                   provider_message_id, reason, updated_at, redrives
            FROM tracker.notification
            WHERE notification_id = ANY($1::uuid[] || ARRAY(
                SELECT found.notification_id
                FROM unnest($2::text[]) AS wanted (provider_message_id)
                CROSS JOIN LATERAL (
                    SELECT notification_id FROM tracker.notification
                    WHERE provider_message_id = wanted.provider_message_id
                    OFFSET 0) AS found))
            ORDER BY notification_id
            FOR UPDATE""";

    /** The PostgreSQL notification channel of committed changes. */
    public static final String CHANGES_CHANNEL = "herald_tracker_changes";

    private final ObjectMapper json;
    private final boolean announceChanges;

    NotificationStateStore(ObjectMapper json, TrackerConfig config) {
        this.json = json;
        this.announceChanges = config.liveUpdates().enabled();
    }

    /** A notification locked by the caller's transaction, whole. */
    public record LockedNotification(UUID notificationId, UUID eventId, String tenant, String userId, Channel channel,
            TrackedState state, int redrives) {
    }

    /** A notification not yet known, with the state its first statuses give it. */
    public record NewNotification(UUID notificationId, UUID eventId, String tenant, String userId, Channel channel,
            TrackedState state) {
    }

    /** A history entry of one notification. */
    public record HistoryRow(UUID notificationId, HistoryEntry entry) {
    }

    /**
     * Inserts the notifications that do not exist yet and returns the ids it inserted; ids that exist already (or
     * that a concurrent transaction inserted first, which this waits for) are left alone for the caller to lock.
     */
    public Uni<Set<UUID>> insertAbsent(SqlConnection connection, List<NewNotification> notifications) {
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int size = notifications.size();
        UUID[] ids = new UUID[size];
        UUID[] eventIds = new UUID[size];
        String[] tenants = new String[size];
        String[] userIds = new String[size];
        String[] channels = new String[size];
        StateColumns state = new StateColumns(size);
        for (int i = 0; i < size; i++) {
            NewNotification notification = notifications.get(i);
            ids[i] = notification.notificationId();
            eventIds[i] = notification.eventId();
            tenants[i] = notification.tenant();
            userIds[i] = notification.userId();
            channels[i] = notification.channel().wireName();
            state.set(i, notification.state());
        }
        Tuple values = Tuple.tuple().addValue(ids).addValue(eventIds).addValue(tenants).addValue(userIds)
                .addValue(channels);
        state.addTo(values);
        return connection.preparedQuery("""
                        INSERT INTO tracker.notification (notification_id, event_id, tenant, user_id, channel,
                                state, attempt, provider, provider_message_id, reason, updated_at)
                        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                                $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
                        ORDER BY 1
                        ON CONFLICT (notification_id) DO NOTHING
                        RETURNING notification_id""")
                .execute(values)
                .map(rows -> {
                    Set<UUID> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getUUID(0));
                    }
                    return inserted;
                });
    }

    /** Locks the given notifications ({@code FOR UPDATE}, in id order) and returns their current states. */
    public Uni<Map<UUID, TrackedState>> lockCurrent(SqlConnection connection, Collection<UUID> notificationIds) {
        if (notificationIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery("""
                        SELECT notification_id, state, attempt, provider, provider_message_id, reason, updated_at
                        FROM tracker.notification
                        WHERE notification_id = ANY($1)
                        ORDER BY notification_id
                        FOR UPDATE""")
                .execute(Tuple.tuple().addValue(notificationIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, TrackedState> current = new HashMap<>();
                    for (Row row : rows) {
                        current.put(row.getUUID("notification_id"), new TrackedState(
                                NotificationState.fromWire(row.getString("state")),
                                row.getInteger("attempt"),
                                row.getString("provider"),
                                row.getString("provider_message_id"),
                                row.getString("reason"),
                                row.getOffsetDateTime("updated_at").toInstant()));
                    }
                    return current;
                });
    }

    /** Writes new states of notifications this transaction has locked. */
    public Uni<Void> update(SqlConnection connection, Map<UUID, TrackedState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = states.keySet().toArray(UUID[]::new);
        StateColumns columns = new StateColumns(ids.length);
        for (int i = 0; i < ids.length; i++) {
            columns.set(i, states.get(ids[i]));
        }
        Tuple values = Tuple.tuple().addValue(ids);
        columns.addTo(values);
        return connection.preparedQuery("""
                        UPDATE tracker.notification AS n
                        SET state = u.state, attempt = u.attempt, provider = u.provider,
                            provider_message_id = u.provider_message_id, reason = u.reason, updated_at = u.updated_at
                        FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[],
                                $7::timestamptz[])
                            AS u (notification_id, state, attempt, provider, provider_message_id, reason, updated_at)
                        WHERE n.notification_id = u.notification_id""")
                .execute(values)
                .replaceWithVoid();
    }

    /**
     * Appends history entries, each in the notification's current redrive round; a status entry whose (notification,
     * round, state, attempt) is recorded already is skipped. Event entries (provider events, operator actions) are
     * written as given: their sources make sure each is written once. Rows are inserted in the given order (the join
     * would not keep it), so entries of the same time keep their order in history.
     */
    public Uni<Void> appendHistory(SqlConnection connection, List<HistoryRow> history) {
        if (history.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = history.size();
        UUID[] ids = new UUID[size];
        String[] states = new String[size];
        OffsetDateTime[] at = new OffsetDateTime[size];
        Integer[] attempts = new Integer[size];
        String[] details = new String[size];
        Boolean[] ignored = new Boolean[size];
        String[] events = new String[size];
        for (int i = 0; i < size; i++) {
            HistoryRow row = history.get(i);
            ids[i] = row.notificationId();
            states[i] = row.entry().state().wireName();
            at[i] = EventRepository.utc(row.entry().at());
            attempts[i] = row.entry().attempt();
            details[i] = row.entry().detail();
            ignored[i] = row.entry().ignored();
            events[i] = row.entry().event();
        }
        return connection.preparedQuery("""
                        INSERT INTO tracker.notification_history (notification_id, state, at, attempt, detail, ignored,
                                event, round)
                        SELECT u.notification_id, u.state, u.at, u.attempt, u.detail, u.ignored, u.event, n.redrives
                        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::text[], $6::boolean[],
                                $7::text[]) WITH ORDINALITY
                            AS u (notification_id, state, at, attempt, detail, ignored, event, position)
                        JOIN tracker.notification n ON n.notification_id = u.notification_id
                        ORDER BY u.position
                        ON CONFLICT (notification_id, round, state, attempt) WHERE event IS NULL DO NOTHING""")
                .execute(Tuple.tuple().addValue(ids).addValue(states).addValue(at).addValue(attempts)
                        .addValue(details).addValue(ignored).addValue(events))
                .replaceWithVoid();
    }

    /**
     * Locks ({@code FOR UPDATE}, in id order) the notifications with the given ids or provider message ids and returns
     * them whole: what provider webhooks need to match their events and to apply them.
     *
     * <p>Both lookups end in one {@code = ANY} on the primary key, each message id looked up in its index on its own
     * ({@code OFFSET 0} keeps the planner from turning that into a join over the whole table): a plain
     * {@code notification_id = ANY($1) OR provider_message_id = ANY($2)} was planned as a sequential scan comparing
     * every row with both arrays whenever the table had no statistics yet (autovacuum off, or a fast-growing table),
     * 0.4 s per batch of 200 webhook events at 50,000 notifications, and growing with the table.
     */
    public Uni<List<LockedNotification>> lockMatching(SqlConnection connection, Collection<UUID> notificationIds,
            Collection<String> providerMessageIds) {
        if (notificationIds.isEmpty() && providerMessageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(LOCK_MATCHING)
                .execute(Tuple.tuple().addValue(notificationIds.toArray(UUID[]::new))
                        .addValue(providerMessageIds.toArray(String[]::new)))
                .map(rows -> {
                    List<LockedNotification> locked = new ArrayList<>();
                    for (Row row : rows) {
                        locked.add(locked(row));
                    }
                    return locked;
                });
    }

    /** Locks one notification ({@code FOR UPDATE}); null when it is not known. */
    public Uni<LockedNotification> lockOne(SqlConnection connection, UUID notificationId) {
        return lockMatching(connection, List.of(notificationId), List.of())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * Puts notifications this transaction has locked (or just inserted) back into play for a redrive: state
     * {@code queued}, attempts from zero, one more redrive round, so the statuses of the new round are recorded as new
     * ones rather than taken for duplicates of the old round's.
     */
    public Uni<Void> startRedriveRounds(SqlConnection connection, List<UUID> notificationIds, String reason,
            Instant at) {
        if (notificationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                        UPDATE tracker.notification
                        SET state = 'queued', attempt = 0, reason = $2, updated_at = $3, redrives = redrives + 1
                        WHERE notification_id = ANY($1)""")
                .execute(Tuple.tuple().addValue(notificationIds.toArray(UUID[]::new)).addString(reason)
                        .addOffsetDateTime(EventRepository.utc(at)))
                .replaceWithVoid();
    }

    /**
     * Announces committed changes to every replica's live streams: one {@code NOTIFY} per change on
     * {@link #CHANGES_CHANNEL}. PostgreSQL delivers notifications only when (and if) the transaction commits, in
     * commit order, so a stream never shows a change that was rolled back.
     */
    public Uni<Void> announce(SqlConnection connection, List<NotificationChange> changes) {
        if (changes.isEmpty() || !announceChanges) {
            return Uni.createFrom().voidItem();
        }
        String[] payloads = new String[changes.size()];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = NotificationChange.encode(json, changes.get(i));
        }
        return connection.preparedQuery("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
                .execute(Tuple.of(CHANGES_CHANNEL).addValue(payloads))
                .replaceWithVoid();
    }

    static LockedNotification locked(Row row) {
        return new LockedNotification(
                row.getUUID("notification_id"),
                row.getUUID("event_id"),
                row.getString("tenant"),
                row.getString("user_id"),
                Channel.fromWire(row.getString("channel")),
                new TrackedState(
                        NotificationState.fromWire(row.getString("state")),
                        row.getInteger("attempt"),
                        row.getString("provider"),
                        row.getString("provider_message_id"),
                        row.getString("reason"),
                        row.getOffsetDateTime("updated_at").toInstant()),
                row.getInteger("redrives"));
    }

    /** The state columns of a batch, as arrays in the order the statements above expect them. */
    private static final class StateColumns {
        private final String[] states;
        private final Integer[] attempts;
        private final String[] providers;
        private final String[] providerMessageIds;
        private final String[] reasons;
        private final OffsetDateTime[] updatedAt;

        StateColumns(int size) {
            states = new String[size];
            attempts = new Integer[size];
            providers = new String[size];
            providerMessageIds = new String[size];
            reasons = new String[size];
            updatedAt = new OffsetDateTime[size];
        }

        void set(int i, TrackedState state) {
            states[i] = state.state().wireName();
            attempts[i] = state.attempt();
            providers[i] = state.provider();
            providerMessageIds[i] = state.providerMessageId();
            reasons[i] = state.reason();
            updatedAt[i] = EventRepository.utc(state.updatedAt());
        }

        void addTo(Tuple values) {
            values.addValue(states).addValue(attempts).addValue(providers).addValue(providerMessageIds)
                    .addValue(reasons).addValue(updatedAt);
        }
    }
}
