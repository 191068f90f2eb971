package dev.herald.tracker.repository;

import dev.herald.tracker.model.NotificationEntity;
import dev.herald.tracker.model.StateCount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reads of notifications, always confined to one tenant. Writes go through {@link NotificationStateStore}. */
@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<NotificationEntity, UUID> {

    /** The notification, if it belongs to {@code tenant}; null otherwise. */
    public Uni<NotificationEntity> findForTenant(UUID notificationId, String tenant) {
        return find("notificationId = ?1 and tenant = ?2", notificationId, tenant).firstResult();
    }

    /** Up to {@code limit} notifications of an event, oldest first. */
    public Uni<List<NotificationEntity>> forEvent(UUID eventId, String tenant, int limit) {
        return find("eventId = ?1 and tenant = ?2", Sort.ascending("createdAt", "notificationId"), eventId, tenant)
                .range(0, limit - 1)
                .list();
    }

    /** How many notifications of an event are in each state. */
    public Uni<List<StateCount>> countsForEvent(UUID eventId, String tenant) {
        return getSession().chain(session -> session.createSelectionQuery("""
                        select new dev.herald.tracker.model.StateCount(n.state, count(n))
                        from NotificationEntity n
                        where n.eventId = :eventId and n.tenant = :tenant
                        group by n.state""", StateCount.class)
                .setParameter("eventId", eventId)
                .setParameter("tenant", tenant)
                .getResultList());
    }

    /**
     * One page of a listing, newest first: up to {@code query.limit() + 1} rows, the extra one telling the caller
     * that there is a next page. The keyset condition is written as {@code created_at <= x and (created_at < x or
     * id < y)} so that its first half bounds the index scan.
     */
    public Uni<List<NotificationEntity>> page(NotificationQuery query) {
        StringBuilder where = new StringBuilder("tenant = :tenant");
        Parameters parameters = Parameters.with("tenant", query.tenant());
        if (query.userId() != null) {
            where.append(" and userId = :userId");
            parameters.and("userId", query.userId());
        }
        if (query.eventId() != null) {
            where.append(" and eventId = :eventId");
            parameters.and("eventId", query.eventId());
        }
        if (query.channel() != null) {
            where.append(" and channel = :channel");
            parameters.and("channel", query.channel());
        }
        if (query.state() != null) {
            where.append(" and state = :state");
            parameters.and("state", query.state());
        }
        if (query.after() != null) {
            where.append(" and createdAt <= :afterCreatedAt"
                    + " and (createdAt < :afterCreatedAt or notificationId < :afterId)");
            parameters.and("afterCreatedAt", query.after().createdAt()).and("afterId", query.after().notificationId());
        }
        return find(where.toString(), Sort.descending("createdAt", "notificationId"), parameters)
                .range(0, query.limit())
                .list();
    }
}
