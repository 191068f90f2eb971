package dev.herald.tracker.service;

import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.model.TrackedState;
import dev.herald.tracker.repository.NotificationStateStore;
import dev.herald.tracker.repository.NotificationStateStore.HistoryRow;
import dev.herald.tracker.repository.NotificationStateStore.NewNotification;
import dev.herald.tracker.repository.TransientFailures;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies statuses to notifications through {@link NotificationStateMachine}, a batch per transaction:
 * <ol>
 *   <li>notifications not known yet are inserted with the state their statuses give them
 *       ({@code ON CONFLICT DO NOTHING}: where a concurrent transaction inserted one first, this one waits for it and
 *       then treats it as existing);</li>
 *   <li>the existing ones are locked ({@code SELECT ... FOR UPDATE}), their statuses folded onto the locked state,
 *       and the changed ones updated;</li>
 *   <li>the history entries are appended, and the changes announced to the live streams (delivered on commit).</li>
 * </ol>
 * So two transactions holding statuses of the same notification are serialised on its row and the later one sees
 * what the earlier one wrote: a notification can never move backwards, whatever the interleaving, and a redelivered
 * status finds its own effect already there. The whole transaction is retried on deadlocks, serialization failures
 * and lost connections.
 */
@ApplicationScoped
public class StatusRecorder {

    private final Pool pool;
    private final NotificationStateStore store;
    private final int retries;

    StatusRecorder(Pool pool, NotificationStateStore store, TrackerConfig config) {
        this.pool = pool;
        this.store = store;
        this.retries = config.statusWrites().retries();
    }

    /** Records {@code statuses} (in arrival order) in one transaction; completes once it is committed. */
    public Uni<Void> record(List<StatusMessage> statuses) {
        Map<UUID, List<StatusMessage>> byNotification = new LinkedHashMap<>();
        for (StatusMessage status : statuses) {
            byNotification.computeIfAbsent(status.notificationId(), id -> new ArrayList<>()).add(status);
        }
        Uni<Void> transaction = pool.withTransaction(connection -> apply(connection, byNotification));
        if (retries <= 0) {
            return transaction;
        }
        return transaction.onFailure(TransientFailures::isTransient)
                .invoke(failure -> Log.warnf("recording %d statuses failed (%s); retrying", statuses.size(),
                        failure.getMessage()))
                .onFailure(TransientFailures::isTransient).retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).atMost(retries);
    }

    private Uni<Void> apply(SqlConnection connection, Map<UUID, List<StatusMessage>> byNotification) {
        List<NewNotification> candidates = new ArrayList<>(byNotification.size());
        byNotification.forEach((id, statuses) -> {
            StatusMessage first = statuses.get(0);
            TrackedState state = NotificationStateMachine.fold(null, statuses).state();
            candidates.add(new NewNotification(id, first.eventId(), first.tenant(), first.userId(), first.channel(),
                    state));
        });
        return store.insertAbsent(connection, candidates).chain(inserted -> {
            List<HistoryRow> history = new ArrayList<>();
            List<UUID> existing = new ArrayList<>();
            List<NotificationChange> changes = new ArrayList<>();
            for (NewNotification candidate : candidates) {
                UUID id = candidate.notificationId();
                if (inserted.contains(id)) {
                    addHistory(history, id, NotificationStateMachine.fold(null, byNotification.get(id)));
                    changes.add(change(candidate, candidate.state()));
                } else {
                    existing.add(id);
                }
            }
            return store.lockCurrent(connection, existing).chain(current -> {
                Map<UUID, TrackedState> changed = new HashMap<>();
                Map<UUID, NewNotification> byId = new HashMap<>();
                candidates.forEach(candidate -> byId.put(candidate.notificationId(), candidate));
                for (UUID id : existing) {
                    NotificationStateMachine.Fold fold = NotificationStateMachine.fold(current.get(id),
                            byNotification.get(id));
                    if (fold.changed()) {
                        changed.put(id, fold.state());
                        changes.add(change(byId.get(id), fold.state()));
                    }
                    addHistory(history, id, fold);
                }
                logOutcome(byNotification.size(), inserted, changed.keySet());
                return store.update(connection, changed)
                        .chain(() -> store.appendHistory(connection, history))
                        .chain(() -> store.announce(connection, changes));
            });
        });
    }

    private static NotificationChange change(NewNotification notification, TrackedState state) {
        return NotificationChange.of(notification.notificationId(), notification.eventId(), notification.tenant(),
                notification.userId(), notification.channel(), state);
    }

    private static void addHistory(List<HistoryRow> history, UUID id, NotificationStateMachine.Fold fold) {
        fold.entries().forEach(entry -> history.add(new HistoryRow(id, entry)));
    }

    private static void logOutcome(int notifications, Set<UUID> inserted, Set<UUID> changed) {
        if (Log.isDebugEnabled()) {
            Log.debugf("statuses of %d notifications: %d new, %d advanced, %d unchanged", notifications,
                    inserted.size(), changed.size(), notifications - inserted.size() - changed.size());
        }
    }
}
