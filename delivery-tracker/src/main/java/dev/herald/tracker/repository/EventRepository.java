package dev.herald.tracker.repository;

import dev.herald.common.contract.EventMessage;
import dev.herald.tracker.model.EventEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Events. Reads go through Panache; the consumer's write is an idempotent multi-row
 * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING} on the reactive pool, which Hibernate cannot
 * express, and which needs no Hibernate session (and so no Vert.x duplicated context) on the messaging thread.
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

    /**
     * Records events with one statement (one commit), each once: an event recorded before, or earlier in
     * {@code events}, changes nothing. Answers, for each event in order, whether this call recorded it. Rows are
     * inserted in id order, so concurrent calls holding the same events wait for each other instead of deadlocking.
     */
    public Uni<List<Boolean>> recordIfAbsent(List<EventMessage> events) {
        Map<UUID, EventMessage> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.eventId(), event));
        int size = distinct.size();
        UUID[] ids = new UUID[size];
        String[] tenants = new String[size];
        String[] sources = new String[size];
        String[] types = new String[size];
        String[] categories = new String[size];
        Boolean[] critical = new Boolean[size];
        Integer[] recipients = new Integer[size];
        OffsetDateTime[] acceptedAt = new OffsetDateTime[size];
        OffsetDateTime[] expiresAt = new OffsetDateTime[size];
        int i = 0;
        for (EventMessage event : distinct.values()) {
            ids[i] = event.eventId();
            tenants[i] = event.tenant();
            sources[i] = event.source();
            types[i] = event.type();
            categories[i] = event.category();
            critical[i] = event.critical();
            recipients[i] = event.recipients() == null ? 0 : event.recipients().size();
            acceptedAt[i] = utc(event.acceptedAt());
            expiresAt[i] = utc(event.expiresAt());
            i++;
        }
        Tuple values = Tuple.tuple().addValue(ids).addValue(tenants).addValue(sources).addValue(types)
                .addValue(categories).addValue(critical).addValue(recipients).addValue(acceptedAt).addValue(expiresAt);
        return pool.preparedQuery("""
                        INSERT INTO tracker.event (event_id, tenant, source, type, category, critical, recipient_count,
                                                   accepted_at, expires_at)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
                                $6::boolean[], $7::int[], $8::timestamptz[], $9::timestamptz[])
                        ORDER BY 1
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id""")
                .execute(values)
                .map(rows -> {
                    Set<UUID> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getUUID(0));
                    }
                    // Only an id's first occurrence can have been recorded by this call; later ones are duplicates.
                    List<Boolean> recorded = new ArrayList<>(events.size());
                    for (EventMessage event : events) {
                        recorded.add(inserted.remove(event.eventId()));
                    }
                    return recorded;
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
