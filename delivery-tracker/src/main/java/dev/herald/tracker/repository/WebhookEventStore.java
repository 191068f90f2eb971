package dev.herald.tracker.repository;

import dev.herald.tracker.model.ProviderReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Verified provider webhook events ({@code tracker.webhook_event}): stored once each, before the provider is answered,
 * then applied to their notifications by {@code WebhookEventApplier}, on whichever replica takes them first
 * ({@code FOR UPDATE SKIP LOCKED}).
 */
@ApplicationScoped
public class WebhookEventStore {

    private final Pool pool;

    WebhookEventStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored event not applied yet. */
    public record Pending(long id, ProviderReport report, int tries, Instant receivedAt) {
    }

    /** An applied event whose hygiene report is still to be published. */
    public record HygieneDue(long id, ProviderReport report, UUID notificationId, String tenant) {
    }

    /** Stores the reports not stored before (a re-sent event is recognised by its provider key); answers how many. */
    public Uni<Integer> storeNew(List<ProviderReport> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int size = reports.size();
        String[] providers = new String[size];
        String[] keys = new String[size];
        String[] events = new String[size];
        String[] outcomes = new String[size];
        UUID[] notificationIds = new UUID[size];
        String[] messageIds = new String[size];
        String[] tenants = new String[size];
        String[] addresses = new String[size];
        String[] hygiene = new String[size];
        String[] details = new String[size];
        OffsetDateTime[] at = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            ProviderReport report = reports.get(i);
            providers[i] = report.provider();
            keys[i] = report.eventKey();
            events[i] = report.event();
            outcomes[i] = report.outcome().name();
            notificationIds[i] = report.notificationId();
            messageIds[i] = report.providerMessageId();
            tenants[i] = report.tenant();
            addresses[i] = report.hygieneReason() == null ? null : report.address();
            hygiene[i] = report.hygieneReason();
            details[i] = report.detail();
            at[i] = EventRepository.utc(report.at());
        }
        // WITH ORDINALITY keeps the batch's order in the ids, which is the order events are applied in.
        return pool.preparedQuery("""
                        INSERT INTO tracker.webhook_event (provider, event_key, event, outcome, notification_id,
                                provider_message_id, tenant, address, hygiene_reason, detail, at)
                        SELECT provider, event_key, event, outcome, notification_id, provider_message_id, tenant,
                               address, hygiene_reason, detail, at
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                                $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
                            WITH ORDINALITY AS e (provider, event_key, event, outcome, notification_id,
                                provider_message_id, tenant, address, hygiene_reason, detail, at, position)
                        ORDER BY position
                        ON CONFLICT (provider, event_key) DO NOTHING""")
                .execute(Tuple.tuple().addValue(providers).addValue(keys).addValue(events).addValue(outcomes)
                        .addValue(notificationIds).addValue(messageIds).addValue(tenants).addValue(addresses)
                        .addValue(hygiene).addValue(details).addValue(at))
                .map(rows -> rows.rowCount());
    }

    /** Takes up to {@code limit} events due to be applied, oldest first, locking them for this transaction. */
    public Uni<List<Pending>> lockDue(SqlConnection connection, int limit) {
        return connection.preparedQuery("""
                        SELECT id, provider, event_key, event, outcome, notification_id, provider_message_id, tenant,
                               address, hygiene_reason, detail, at, tries, received_at
                        FROM tracker.webhook_event
                        WHERE applied_at IS NULL AND next_attempt_at <= now()
                        ORDER BY id
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new Pending(row.getLong("id"), report(row), row.getInteger("tries"),
                                row.getOffsetDateTime("received_at").toInstant()));
                    }
                    return pending;
                });
    }

    /** Marks events applied to the given notifications (same order), with their tenants. */
    public Uni<Void> markApplied(SqlConnection connection, List<Long> ids, List<UUID> notificationIds,
            List<String> tenants) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                        UPDATE tracker.webhook_event AS w
                        SET applied_at = now(), result = 'applied', notification_id = u.notification_id,
                            tenant = u.tenant, tries = w.tries + 1
                        FROM unnest($1::bigint[], $2::uuid[], $3::text[]) AS u (id, notification_id, tenant)
                        WHERE w.id = u.id""")
                .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new))
                        .addValue(notificationIds.toArray(UUID[]::new)).addValue(tenants.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Puts unmatched events off until {@code next}, or gives them up (their addresses forgotten). */
    public Uni<Void> postpone(SqlConnection connection, List<Long> ids, List<Instant> next, List<Long> givenUp) {
        Uni<Void> postponed = ids.isEmpty() ? Uni.createFrom().voidItem() : connection.preparedQuery("""
                        UPDATE tracker.webhook_event AS w
                        SET tries = w.tries + 1, next_attempt_at = u.next
                        FROM unnest($1::bigint[], $2::timestamptz[]) AS u (id, next)
                        WHERE w.id = u.id""")
                .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new))
                        .addValue(next.stream().map(EventRepository::utc).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
        if (givenUp.isEmpty()) {
            return postponed;
        }
        return postponed.chain(() -> connection.preparedQuery("""
                        UPDATE tracker.webhook_event
                        SET applied_at = now(), result = 'unmatched', address = NULL, tries = tries + 1
                        WHERE id = ANY($1)""")
                .execute(Tuple.tuple().addValue(givenUp.toArray(Long[]::new)))
                .replaceWithVoid());
    }

    /** Applied events whose hygiene report is still to be published, locked for this transaction. */
    public Uni<List<HygieneDue>> lockHygieneDue(SqlConnection connection, int limit) {
        return connection.preparedQuery("""
                        SELECT id, provider, event_key, event, outcome, notification_id, provider_message_id, tenant,
                               address, hygiene_reason, detail, at
                        FROM tracker.webhook_event
                        WHERE hygiene_reason IS NOT NULL AND applied_at IS NOT NULL AND hygiene_published_at IS NULL
                          AND result = 'applied'
                        ORDER BY id
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<HygieneDue> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new HygieneDue(row.getLong("id"), report(row), row.getUUID("notification_id"),
                                row.getString("tenant")));
                    }
                    return due;
                });
    }

    /** Records that the hygiene reports were published, and forgets their addresses. */
    public Uni<Void> markHygienePublished(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                        UPDATE tracker.webhook_event SET hygiene_published_at = now(), address = NULL
                        WHERE id = ANY($1)""")
                .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Deletes settled events received longer than {@code retention} ago; answers how many. */
    public Uni<Integer> purge(Duration retention) {
        return pool.preparedQuery("""
                        DELETE FROM tracker.webhook_event
                        WHERE received_at < now() - make_interval(secs => $1)
                          AND applied_at IS NOT NULL
                          AND (hygiene_reason IS NULL OR hygiene_published_at IS NOT NULL OR result = 'unmatched')""")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private static ProviderReport report(Row row) {
        return new ProviderReport(
                row.getString("provider"),
                row.getString("event_key"),
                row.getString("event"),
                ProviderReport.Outcome.valueOf(row.getString("outcome")),
                row.getUUID("notification_id"),
                row.getString("provider_message_id"),
                row.getString("tenant"),
                row.getString("address"),
                row.getString("hygiene_reason"),
                row.getString("detail"),
                row.getOffsetDateTime("at").toInstant());
    }
}
