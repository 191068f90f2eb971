package dev.herald.tracker.repository;

import dev.herald.common.contract.Channel;
import dev.herald.tracker.model.DeadLetter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dead letters taken off the channels' dead-letter queues ({@code tracker.dead_letter}). Pending ones (not yet
 * redriven or discarded) are unique per (channel, notification): a dead letter that arrives again, redelivered or
 * dead-lettered anew, replaces the pending one.
 */
@ApplicationScoped
public class DeadLetterStore {

    private final Pool pool;

    DeadLetterStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored dead letter. */
    public record StoredDeadLetter(UUID id, Channel channel, UUID notificationId, UUID eventId, String tenant,
            String userId, Integer attempt, String reason, String origin, byte[] payload, Map<String, String> headers,
            Instant deadLetteredAt, Instant receivedAt) {

        public boolean redrivable() {
            return notificationId != null;
        }
    }

    /** Which pending dead letters a caller may see: its tenant's, plus those without a tenant for the operator. */
    public record Scope(String tenant, boolean withUntenanted) {
    }

    /** Stores a dead letter (or refreshes the pending one of the same notification). */
    public Uni<Void> record(DeadLetter letter) {
        var dispatch = letter.dispatch();
        Tuple values = Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addString(letter.channel().wireName())
                .addString(letter.key())
                .addUUID(letter.notificationId())
                .addUUID(dispatch == null ? null : dispatch.eventId())
                .addString(letter.tenant())
                .addString(dispatch == null ? null : dispatch.userId())
                .addInteger(letter.attempt())
                .addString(letter.reason())
                .addString(letter.origin())
                .addBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(letter.payload()))
                .addJsonObject(new JsonObject(new LinkedHashMap<>(letter.headers())))
                .addOffsetDateTime(EventRepository.utc(letter.deadLetteredAt()));
        return pool.preparedQuery("""
                        INSERT INTO tracker.dead_letter (id, channel, letter_key, notification_id, event_id, tenant,
                                user_id, attempt, reason, origin, payload, headers, dead_lettered_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                        ON CONFLICT (channel, letter_key) WHERE resolved_at IS NULL DO UPDATE
                        SET attempt = EXCLUDED.attempt, reason = EXCLUDED.reason, origin = EXCLUDED.origin,
                            payload = EXCLUDED.payload, headers = EXCLUDED.headers,
                            dead_lettered_at = EXCLUDED.dead_lettered_at, received_at = now()""")
                .execute(values)
                .replaceWithVoid();
    }

    /** A page of pending dead letters, oldest first; up to {@code limit + 1} rows (the extra one means more). */
    public Uni<List<StoredDeadLetter>> page(Scope scope, Channel channel, Keyset after, int limit) {
        return pool.preparedQuery("""
                        SELECT id, channel, notification_id, event_id, tenant, user_id, attempt, reason, origin, payload, headers,
                               dead_lettered_at, received_at
                        FROM tracker.dead_letter
                        WHERE resolved_at IS NULL
                          AND (tenant = $1 OR ($2 AND tenant IS NULL))
                          AND ($3::text IS NULL OR channel = $3)
                          AND ($4::timestamptz IS NULL OR (received_at, id) > ($4, $5))
                        ORDER BY received_at, id
                        LIMIT $6""")
                .execute(Tuple.tuple().addString(scope.tenant()).addBoolean(scope.withUntenanted())
                        .addString(channel == null ? null : channel.wireName())
                        .addOffsetDateTime(after == null ? null : EventRepository.utc(after.createdAt()))
                        .addUUID(after == null ? null : after.notificationId())
                        .addInteger(limit + 1))
                .map(DeadLetterStore::letters);
    }

    /** Pending dead letters per channel, within the scope. */
    public Uni<Map<Channel, Long>> pendingCounts(Scope scope) {
        return pool.preparedQuery("""
                        SELECT channel, count(*) AS pending FROM tracker.dead_letter
                        WHERE resolved_at IS NULL AND (tenant = $1 OR ($2 AND tenant IS NULL))
                        GROUP BY channel""")
                .execute(Tuple.of(scope.tenant(), scope.withUntenanted()))
                .map(rows -> {
                    Map<Channel, Long> counts = new LinkedHashMap<>();
                    for (Row row : rows) {
                        counts.put(Channel.fromWire(row.getString("channel")), row.getLong("pending"));
                    }
                    return counts;
                });
    }

    /**
     * Locks up to {@code limit} pending dead letters of a channel within the scope that are dispatches, oldest first
     * ({@code FOR UPDATE SKIP LOCKED}: two operators redriving at once never take the same letter); only those of the
     * given notifications when {@code notificationIds} is not null.
     */
    public Uni<List<StoredDeadLetter>> lockPending(SqlConnection connection, Scope scope, Channel channel,
            List<UUID> notificationIds, int limit) {
        return connection.preparedQuery("""
                        SELECT id, channel, notification_id, event_id, tenant, user_id, attempt, reason, origin, payload, headers,
                               dead_lettered_at, received_at
                        FROM tracker.dead_letter
                        WHERE resolved_at IS NULL AND channel = $1 AND notification_id IS NOT NULL
                          AND (tenant = $2 OR ($3 AND tenant IS NULL))
                          AND ($4::uuid[] IS NULL OR notification_id = ANY($4))
                        ORDER BY received_at, id
                        LIMIT $5
                        FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.tuple().addString(channel.wireName()).addString(scope.tenant())
                        .addBoolean(scope.withUntenanted())
                        .addValue(notificationIds == null ? null : notificationIds.toArray(UUID[]::new))
                        .addInteger(limit))
                .map(DeadLetterStore::letters);
    }

    /** Marks dead letters resolved: {@code redriven}, or discarded with why. */
    public Uni<Void> resolve(SqlConnection connection, List<UUID> ids, List<String> resolutions) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                        UPDATE tracker.dead_letter AS d SET resolved_at = now(), resolution = u.resolution
                        FROM unnest($1::uuid[], $2::text[]) AS u (id, resolution)
                        WHERE d.id = u.id""")
                .execute(Tuple.tuple().addValue(ids.toArray(UUID[]::new)).addValue(resolutions.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Pending dead letters of a channel within the scope. */
    public Uni<Long> countPending(SqlConnection connection, Scope scope, Channel channel) {
        return connection.preparedQuery("""
                        SELECT count(*) FROM tracker.dead_letter
                        WHERE resolved_at IS NULL AND channel = $1 AND (tenant = $2 OR ($3 AND tenant IS NULL))""")
                .execute(Tuple.of(channel.wireName(), scope.tenant(), scope.withUntenanted()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<StoredDeadLetter> letters(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<StoredDeadLetter> letters = new ArrayList<>();
        for (Row row : rows) {
            JsonObject headers = row.getJsonObject("headers");
            Map<String, String> kept = new LinkedHashMap<>();
            if (headers != null) {
                headers.forEach(entry -> kept.put(entry.getKey(), String.valueOf(entry.getValue())));
            }
            letters.add(new StoredDeadLetter(
                    row.getUUID("id"),
                    Channel.fromWire(row.getString("channel")),
                    row.getUUID("notification_id"),
                    row.getUUID("event_id"),
                    row.getString("tenant"),
                    row.getString("user_id"),
                    row.getInteger("attempt"),
                    row.getString("reason"),
                    row.getString("origin"),
                    row.getBuffer("payload").getBytes(),
                    kept,
                    row.getOffsetDateTime("dead_lettered_at").toInstant(),
                    row.getOffsetDateTime("received_at").toInstant()));
        }
        return letters;
    }
}
