package dev.herald.tracker.service;

import dev.herald.common.contract.SuppressionMessage;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.messaging.HygienePublisher;
import dev.herald.tracker.messaging.ShutdownSignal;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.TrackedState;
import dev.herald.tracker.repository.NotificationStateStore;
import dev.herald.tracker.repository.NotificationStateStore.HistoryRow;
import dev.herald.tracker.repository.NotificationStateStore.LockedNotification;
import dev.herald.tracker.repository.WebhookEventStore;
import dev.herald.tracker.repository.WebhookEventStore.Pending;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Applies stored webhook events to their notifications, a batch per transaction: the events are taken with
 * {@code FOR UPDATE SKIP LOCKED} (so replicas share the work), their notifications locked in id order like the status
 * path does, the reports folded through {@link NotificationStateMachine#applyReports}, and the events marked applied
 * in the same transaction. An event whose notification is not known yet (its {@code sent} status may still be on its
 * way) is retried with backoff until {@code unmatched-retry-for} has passed, then given up and logged. Afterwards the
 * hygiene reports of applied events are published, each marked once the broker confirmed it.
 *
 * <p>Runs when a webhook stored something and every second besides (retries, other replicas' leftovers).
 */
@ApplicationScoped
public class WebhookEventApplier {

    private static final int HYGIENE_BATCH = 100;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final Pool pool;
    private final WebhookEventStore events;
    private final NotificationStateStore notifications;
    private final HygienePublisher hygiene;
    private final ShutdownSignal shutdown;
    private final TrackerConfig.Webhooks config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    WebhookEventApplier(Pool pool, WebhookEventStore events, NotificationStateStore notifications,
            HygienePublisher hygiene, ShutdownSignal shutdown, TrackerConfig config) {
        this.pool = pool;
        this.events = events;
        this.notifications = notifications;
        this.hygiene = hygiene;
        this.shutdown = shutdown;
        this.config = config.webhooks();
    }

    /** Asks for a run; returns at once. A request during a run makes another run follow it. */
    public void wake() {
        requested.set(true);
        if (shutdown.isShuttingDown() || !running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        drain(this::applyBatch, config.applyBatchSize())
                .chain(() -> drain(this::publishHygieneBatch, HYGIENE_BATCH))
                .subscribe().with(ignored -> finished(), failure -> {
                    Log.warnf("applying webhook events failed (%s); retrying shortly", failure.getMessage());
                    finished();
                });
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return events.purge(config.retention())
                .invoke(purged -> {
                    if (purged > 0) {
                        Log.infof("purged %d settled webhook events older than %s", purged, config.retention());
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("purging webhook events failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void finished() {
        running.set(false);
        if (requested.get() && !shutdown.isShuttingDown()) {
            wake();
        }
    }

    private static Uni<Void> drain(Supplier<Uni<Integer>> batch, int fullBatch) {
        return batch.get().chain(done -> done >= fullBatch ? drain(batch, fullBatch) : Uni.createFrom().voidItem());
    }

    /** Applies one batch of due events; answers how many were taken. */
    Uni<Integer> applyBatch() {
        return pool.withTransaction(connection -> events.lockDue(connection, config.applyBatchSize())
                .chain(pending -> {
                    if (pending.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Set<UUID> ids = new LinkedHashSet<>();
                    Set<String> messageIds = new LinkedHashSet<>();
                    for (Pending event : pending) {
                        if (event.report().notificationId() != null) {
                            ids.add(event.report().notificationId());
                        } else if (event.report().providerMessageId() != null) {
                            messageIds.add(event.report().providerMessageId());
                        }
                    }
                    return notifications.lockMatching(connection, ids, messageIds)
                            .chain(locked -> apply(connection, pending, locked))
                            .replaceWith(pending.size());
                }));
    }

    private Uni<Void> apply(SqlConnection connection, List<Pending> pending, List<LockedNotification> locked) {
        Map<UUID, LockedNotification> byId = new HashMap<>();
        Map<String, List<LockedNotification>> byMessageId = new HashMap<>();
        for (LockedNotification notification : locked) {
            byId.put(notification.notificationId(), notification);
            if (notification.state().providerMessageId() != null) {
                byMessageId.computeIfAbsent(notification.state().providerMessageId(), id -> new ArrayList<>())
                        .add(notification);
            }
        }
        Map<UUID, List<Pending>> matched = new LinkedHashMap<>();
        List<Pending> unmatched = new ArrayList<>();
        for (Pending event : pending) {
            LockedNotification notification = match(event.report(), byId, byMessageId);
            if (notification == null) {
                unmatched.add(event);
            } else {
                matched.computeIfAbsent(notification.notificationId(), id -> new ArrayList<>()).add(event);
            }
        }

        Map<UUID, TrackedState> changed = new HashMap<>();
        List<HistoryRow> history = new ArrayList<>();
        List<NotificationChange> changes = new ArrayList<>();
        List<Long> appliedIds = new ArrayList<>();
        List<UUID> appliedTo = new ArrayList<>();
        List<String> appliedTenants = new ArrayList<>();
        matched.forEach((id, list) -> {
            LockedNotification notification = byId.get(id);
            List<ProviderReport> reports = list.stream()
                    .sorted(Comparator.comparing((Pending event) -> event.report().at()).thenComparing(Pending::id))
                    .map(Pending::report)
                    .toList();
            NotificationStateMachine.Fold fold = NotificationStateMachine.applyReports(notification.state(),
                    new NotificationStateMachine.StatusFrame(id, notification.eventId(), notification.tenant(),
                            notification.userId(), notification.channel()), reports);
            if (fold.changed()) {
                changed.put(id, fold.state());
                changes.add(NotificationChange.of(id, notification.eventId(), notification.tenant(),
                        notification.userId(), notification.channel(), fold.state()));
            }
            fold.entries().forEach(entry -> history.add(new HistoryRow(id, entry)));
            for (Pending event : list) {
                appliedIds.add(event.id());
                appliedTo.add(id);
                appliedTenants.add(notification.tenant());
            }
        });

        Instant now = Instant.now();
        List<Long> postponed = new ArrayList<>();
        List<Instant> nextAttempts = new ArrayList<>();
        List<Long> givenUp = new ArrayList<>();
        for (Pending event : unmatched) {
            if (event.receivedAt().plus(config.unmatchedRetryFor()).isBefore(now)) {
                givenUp.add(event.id());
                Log.warnf("%s event %s (%s) matches no notification of the tracker after %s; given up",
                        event.report().provider(), event.report().eventKey(), event.report().event(),
                        config.unmatchedRetryFor());
            } else {
                postponed.add(event.id());
                nextAttempts.add(now.plus(backoff(event.tries())));
            }
        }
        if (!matched.isEmpty() || !unmatched.isEmpty()) {
            Log.debugf("webhook events: %d applied to %d notifications (%d changed), %d not matched yet, %d given up",
                    appliedIds.size(), matched.size(), changed.size(), postponed.size(), givenUp.size());
        }
        return notifications.update(connection, changed)
                .chain(() -> notifications.appendHistory(connection, history))
                .chain(() -> notifications.announce(connection, changes))
                .chain(() -> events.markApplied(connection, appliedIds, appliedTo, appliedTenants))
                .chain(() -> events.postpone(connection, postponed, nextAttempts, givenUp));
    }

    /**
     * The notification a report is about: by the notification id the provider echoed (its tenant, where echoed,
     * must agree), else, when it echoed none (Twilio), by the provider's message id when exactly one notification of
     * the provider's channel has it. A report naming a notification not known yet waits for it (it may arrive
     * before the notification's own status) rather than being matched by message id.
     */
    static LockedNotification match(ProviderReport report, Map<UUID, LockedNotification> byId,
            Map<String, List<LockedNotification>> byMessageId) {
        if (report.notificationId() != null) {
            LockedNotification notification = byId.get(report.notificationId());
            return notification != null && fits(report, notification) ? notification : null;
        }
        if (report.providerMessageId() != null) {
            List<LockedNotification> candidates = byMessageId.getOrDefault(report.providerMessageId(), List.of())
                    .stream().filter(candidate -> fits(report, candidate)).toList();
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
        }
        return null;
    }

    private static boolean fits(ProviderReport report, LockedNotification notification) {
        return notification.channel() == report.channel()
                && (report.tenant() == null || report.tenant().equals(notification.tenant()));
    }

    static Duration backoff(int tries) {
        long seconds = 1L << Math.min(tries, 6);
        Duration delay = Duration.ofSeconds(seconds);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    /** Publishes one batch of due hygiene reports; answers how many were taken. */
    Uni<Integer> publishHygieneBatch() {
        return pool.withTransaction(connection -> events.lockHygieneDue(connection, HYGIENE_BATCH).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<SuppressionMessage> messages = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (WebhookEventStore.HygieneDue report : due) {
                ids.add(report.id());
                if (report.report().address() == null || report.tenant() == null) {
                    continue;
                }
                messages.add(new SuppressionMessage(SuppressionMessage.SCHEMA_VERSION, report.tenant(),
                        report.report().channel(), report.report().address(), report.report().hygieneReason(),
                        report.report().provider() + " " + report.report().event() + ": " + report.report().detail(),
                        report.notificationId(), report.report().at()));
            }
            return hygiene.publish(messages)
                    .invoke(() -> Log.infof("published %d hygiene reports", messages.size()))
                    .chain(() -> events.markHygienePublished(connection, ids))
                    .replaceWith(due.size());
        }));
    }
}
