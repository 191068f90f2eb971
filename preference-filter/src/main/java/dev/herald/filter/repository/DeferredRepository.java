package dev.herald.filter.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.DispatchMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Notifications deferred by quiet hours, in {@code preference.deferred_notifications}, until their release. */
@ApplicationScoped
public class DeferredRepository {

    private final Pool pool;
    private final ObjectMapper json;

    DeferredRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** A held dispatch: what to publish at {@code releaseAt}, with the trace it belongs to. */
    public record Deferred(DispatchMessage dispatch, Instant releaseAt, String traceparent) {
    }

    /**
     * Stores the deferred dispatches, all or none. A notification already held (its event redelivered) keeps its
     * row: the notification id is deterministic.
     */
    public Uni<Void> store(List<Deferred> deferred) {
        if (deferred.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(deferred.size());
        for (Deferred held : deferred) {
            DispatchMessage dispatch = held.dispatch();
            rows.add(Tuple.from(Arrays.asList(dispatch.notificationId(), dispatch.tenant(), dispatch.userId(),
                    dispatch.channel().wireName(), held.releaseAt().atOffset(ZoneOffset.UTC), toJson(dispatch),
                    held.traceparent())));
        }
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO preference.deferred_notifications
                            (notification_id, tenant, user_id, channel, release_at, dispatch, traceparent)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (notification_id) DO NOTHING""").executeBatch(rows))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due notifications ({@code FOR UPDATE SKIP LOCKED}: another replica's claim is
     * skipped, not waited for) and hands them to {@code release} inside the transaction. Rows {@code release}
     * answers with a new time are held until then; every other row is deleted, and the transaction commits only
     * once {@code release} succeeded. Should it fail, or the process die, the rows stay and are claimed again.
     *
     * @return how many were claimed
     */
    public Uni<Integer> releaseDue(Instant now, int limit,
            Function<List<Deferred>, Uni<Map<UUID, Deferred>>> release) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                                SELECT dispatch, release_at, traceparent FROM preference.deferred_notifications
                                 WHERE release_at <= $1
                                 ORDER BY release_at
                                 LIMIT $2
                                 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), limit))
                .chain(rows -> {
                    List<Deferred> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new Deferred(fromJson(row.getJsonObject("dispatch")),
                                row.getOffsetDateTime("release_at").toInstant(), row.getString("traceparent")));
                    }
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return release.apply(due).chain(held -> settle(connection, due, held)).replaceWith(due.size());
                }));
    }

    private Uni<Void> settle(SqlConnection connection, List<Deferred> due, Map<UUID, Deferred> held) {
        List<UUID> released = due.stream().map(deferred -> deferred.dispatch().notificationId())
                .filter(id -> !held.containsKey(id)).toList();
        Uni<Void> deleted = released.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("DELETE FROM preference.deferred_notifications WHERE notification_id = ANY($1)")
                        .execute(Tuple.of(released.toArray(UUID[]::new))).replaceWithVoid();
        if (held.isEmpty()) {
            return deleted;
        }
        List<Tuple> updates = new ArrayList<>();
        held.forEach((id, deferred) -> updates.add(Tuple.of(id, deferred.releaseAt().atOffset(ZoneOffset.UTC),
                toJson(deferred.dispatch()))));
        return deleted.chain(() -> connection.preparedQuery("""
                        UPDATE preference.deferred_notifications SET release_at = $2, dispatch = $3
                         WHERE notification_id = $1""").executeBatch(updates)).replaceWithVoid();
    }

    /** How many notifications are held, for a tenant (tests and operators). */
    public Uni<Long> count(String tenant) {
        return pool.preparedQuery("SELECT count(*) AS held FROM preference.deferred_notifications WHERE tenant = $1")
                .execute(Tuple.of(tenant)).map(rows -> rows.iterator().next().getLong("held"));
    }

    private JsonObject toJson(DispatchMessage dispatch) {
        try {
            return new JsonObject(json.writeValueAsString(dispatch));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the dispatch " + dispatch.notificationId(), e);
        }
    }

    private DispatchMessage fromJson(JsonObject stored) {
        try {
            return json.readValue(stored.encode(), DispatchMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored deferred dispatch cannot be read", e);
        }
    }
}
