package dev.herald.tracker.repository;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.model.NotificationChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Aggregate and snapshot reads of one tenant's notifications: counts per channel and state over a time window, the
 * most recent events, and the current state of an event's or a user's notifications for the live streams. Plain SQL on
 * the reactive pool: none of it needs entities.
 */
@ApplicationScoped
public class DeliveryStatistics {

    private final Pool pool;

    DeliveryStatistics(Pool pool) {
        this.pool = pool;
    }

    /** One recent event with how many of its notifications are in each state. */
    public record RecentEvent(UUID eventId, String type, String category, Instant acceptedAt, int recipients,
            Map<NotificationState, Long> states) {
    }

    /** How many notifications created in [from, to) are in each state, per channel. */
    public Uni<Map<Channel, Map<NotificationState, Long>>> counts(String tenant, Instant from, Instant to) {
        return pool.preparedQuery("""
                        SELECT channel, state, count(*) AS n FROM tracker.notification
                        WHERE tenant = $1 AND created_at >= $2 AND created_at < $3
                        GROUP BY channel, state""")
                .execute(Tuple.of(tenant, EventRepository.utc(from), EventRepository.utc(to)))
                .map(rows -> {
                    Map<Channel, Map<NotificationState, Long>> counts = new EnumMap<>(Channel.class);
                    for (Row row : rows) {
                        counts.computeIfAbsent(Channel.fromWire(row.getString("channel")),
                                        channel -> new EnumMap<>(NotificationState.class))
                                .put(NotificationState.fromWire(row.getString("state")), row.getLong("n"));
                    }
                    return counts;
                });
    }

    /** The tenant's most recently accepted events, newest first, with their notifications' states. */
    public Uni<List<RecentEvent>> recentEvents(String tenant, int limit) {
        return pool.preparedQuery("""
                        SELECT e.event_id, e.type, e.category, e.accepted_at, e.recipient_count, n.state,
                               count(n.notification_id) AS n
                        FROM (SELECT * FROM tracker.event WHERE tenant = $1 ORDER BY accepted_at DESC LIMIT $2) e
                        LEFT JOIN tracker.notification n ON n.event_id = e.event_id AND n.tenant = e.tenant
                        GROUP BY e.event_id, e.type, e.category, e.accepted_at, e.recipient_count, n.state
                        ORDER BY e.accepted_at DESC, e.event_id""")
                .execute(Tuple.of(tenant, limit))
                .map(rows -> {
                    List<RecentEvent> events = new ArrayList<>();
                    RecentEvent current = null;
                    for (Row row : rows) {
                        UUID id = row.getUUID("event_id");
                        if (current == null || !current.eventId().equals(id)) {
                            current = new RecentEvent(id, row.getString("type"), row.getString("category"),
                                    row.getOffsetDateTime("accepted_at").toInstant(), row.getInteger("recipient_count"),
                                    new EnumMap<>(NotificationState.class));
                            events.add(current);
                        }
                        String state = row.getString("state");
                        if (state != null) {
                            current.states().put(NotificationState.fromWire(state), row.getLong("n"));
                        }
                    }
                    return events;
                });
    }

    /** The current state of an event's notifications (oldest first, at most {@code limit}). */
    public Uni<List<NotificationChange>> currentOfEvent(String tenant, UUID eventId, int limit) {
        return pool.preparedQuery("""
                        SELECT notification_id, event_id, tenant, user_id, channel, state, attempt, reason, updated_at
                        FROM tracker.notification WHERE event_id = $1 AND tenant = $2
                        ORDER BY created_at, notification_id LIMIT $3""")
                .execute(Tuple.of(eventId, tenant, limit))
                .map(DeliveryStatistics::changes);
    }

    /** The current state of a user's most recent notifications (newest first, at most {@code limit}). */
    public Uni<List<NotificationChange>> currentOfUser(String tenant, String userId, int limit) {
        return pool.preparedQuery("""
                        SELECT notification_id, event_id, tenant, user_id, channel, state, attempt, reason, updated_at
                        FROM tracker.notification WHERE tenant = $1 AND user_id = $2
                        ORDER BY created_at DESC, notification_id DESC LIMIT $3""")
                .execute(Tuple.of(tenant, userId, limit))
                .map(DeliveryStatistics::changes);
    }

    private static List<NotificationChange> changes(RowSet<Row> rows) {
        List<NotificationChange> changes = new ArrayList<>();
        for (Row row : rows) {
            changes.add(new NotificationChange(row.getUUID("notification_id"), row.getUUID("event_id"),
                    row.getString("tenant"), row.getString("user_id"), Channel.fromWire(row.getString("channel")),
                    NotificationState.fromWire(row.getString("state")), row.getInteger("attempt"),
                    row.getString("reason"), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return changes;
    }
}
