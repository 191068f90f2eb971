package dev.herald.tracker.repository;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.TrackedState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
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

    /** Appends history entries; an entry whose (notification, state, attempt) is recorded already is skipped. */
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
        for (int i = 0; i < size; i++) {
            HistoryRow row = history.get(i);
            ids[i] = row.notificationId();
            states[i] = row.entry().state().wireName();
            at[i] = EventRepository.utc(row.entry().at());
            attempts[i] = row.entry().attempt();
            details[i] = row.entry().detail();
            ignored[i] = row.entry().ignored();
        }
        return connection.preparedQuery("""
                        INSERT INTO tracker.notification_history (notification_id, state, at, attempt, detail, ignored)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::text[],
                                $6::boolean[])
                        ON CONFLICT (notification_id, state, attempt) DO NOTHING""")
                .execute(Tuple.tuple().addValue(ids).addValue(states).addValue(at).addValue(attempts)
                        .addValue(details).addValue(ignored))
                .replaceWithVoid();
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
