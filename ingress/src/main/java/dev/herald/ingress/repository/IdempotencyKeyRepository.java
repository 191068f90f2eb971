package dev.herald.ingress.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Idempotency keys in {@code ingress.idempotency_key}. A key is claimed with an insert that does nothing on
 * conflict, so of two concurrent requests with one key exactly one wins; the primary key decides, not a read.
 */
@ApplicationScoped
public class IdempotencyKeyRepository {

    private final Pool pool;

    IdempotencyKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a key holds. */
    public record StoredKey(String requestHash, UUID eventId, int recipients, boolean published, Instant createdAt,
            boolean claimedNow) {
    }

    /** Claims {@code key} for a new event, or returns what the key already holds. */
    public Uni<StoredKey> claim(String tenant, String key, String requestHash, UUID eventId, int recipients) {
        return pool.preparedQuery("""
                        INSERT INTO ingress.idempotency_key (tenant, key, request_hash, event_id, recipients)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (tenant, key) DO NOTHING
                        RETURNING created_at""")
                .execute(Tuple.of(tenant, key, requestHash, eventId, recipients))
                .chain(inserted -> {
                    if (inserted.size() == 1) {
                        Instant createdAt = inserted.iterator().next().getOffsetDateTime("created_at").toInstant();
                        return Uni.createFrom().item(new StoredKey(requestHash, eventId, recipients, false, createdAt, true));
                    }
                    return pool.preparedQuery("""
                                    SELECT request_hash, event_id, recipients, published, created_at
                                    FROM ingress.idempotency_key WHERE tenant = $1 AND key = $2""")
                            .execute(Tuple.of(tenant, key))
                            .map(rows -> {
                                // A row purged between the two statements is vanishingly rare; treat it as in flight.
                                if (rows.size() == 0) {
                                    return new StoredKey(requestHash, eventId, recipients, false, Instant.now(), false);
                                }
                                Row row = rows.iterator().next();
                                return new StoredKey(row.getString("request_hash"), row.getUUID("event_id"),
                                        row.getInteger("recipients"), row.getBoolean("published"),
                                        row.getOffsetDateTime("created_at").toInstant(), false);
                            });
                });
    }

    public Uni<Void> markPublished(String tenant, String key) {
        return pool.preparedQuery("UPDATE ingress.idempotency_key SET published = true WHERE tenant = $1 AND key = $2")
                .execute(Tuple.of(tenant, key)).replaceWithVoid();
    }

    /** Frees a key whose publish failed, so the client's retry can claim it again. */
    public Uni<Void> release(String tenant, String key) {
        return pool.preparedQuery("DELETE FROM ingress.idempotency_key WHERE tenant = $1 AND key = $2 AND NOT published")
                .execute(Tuple.of(tenant, key)).replaceWithVoid();
    }

    public Uni<Integer> purgeOlderThan(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM ingress.idempotency_key WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
