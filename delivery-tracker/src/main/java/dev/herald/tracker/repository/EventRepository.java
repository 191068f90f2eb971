package dev.herald.tracker.repository;

import dev.herald.common.contract.EventMessage;
import dev.herald.tracker.model.EventEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Events. Reads go through Panache; the consumer's write is one idempotent {@code INSERT ... ON CONFLICT DO NOTHING}
 * on the reactive pool, which Hibernate cannot express, and which needs no Hibernate session (and so no Vert.x
 * duplicated context) on the messaging thread.
 */
@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<EventEntity, UUID> {

    private final Pool pool;

    EventRepository(Pool pool) {
        this.pool = pool;
    }

    /** The event, if it belongs to {@code tenant}; null otherwise. */
    public Uni<EventEntity> findForTenant(UUID eventId, String tenant) {
        return find("eventId = ?1 and tenant = ?2", eventId, tenant).firstResult();
    }

    /** Records an event once; a redelivery changes nothing. True when this call recorded it. */
    public Uni<Boolean> recordIfAbsent(EventMessage event) {
        int recipients = event.recipients() == null ? 0 : event.recipients().size();
        Tuple values = Tuple.tuple()
                .addUUID(event.eventId())
                .addString(event.tenant())
                .addString(event.source())
                .addString(event.type())
                .addString(event.category())
                .addBoolean(event.critical())
                .addInteger(recipients)
                .addOffsetDateTime(utc(event.acceptedAt()))
                .addOffsetDateTime(utc(event.expiresAt()));
        return pool.preparedQuery("""
                        INSERT INTO tracker.event (event_id, tenant, source, type, category, critical, recipient_count,
                                                   accepted_at, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        ON CONFLICT (event_id) DO NOTHING""")
                .execute(values)
                .map(rows -> rows.rowCount() == 1);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
