package dev.herald.tracker.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.Topology;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.model.TrackedState;
import dev.herald.tracker.repository.DeadLetterStore;
import dev.herald.tracker.repository.DeadLetterStore.Scope;
import dev.herald.tracker.repository.DeadLetterStore.StoredDeadLetter;
import dev.herald.tracker.repository.NotificationStateStore;
import dev.herald.tracker.repository.NotificationStateStore.HistoryRow;
import dev.herald.tracker.repository.NotificationStateStore.LockedNotification;
import dev.herald.tracker.repository.NotificationStateStore.NewNotification;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Redrives dead letters: republishes each dispatch to {@code herald.dispatch} with its channel as routing key and its
 * attempt reset to 1 (an operator redrives once the cause is fixed, so it gets the full retry budget again), and
 * records the redrive: the notification goes back to {@code queued} in a new round (see
 * {@link NotificationStateMachine#redrivable(TrackedState)}), with an {@code operator.redrive} history entry.
 *
 * <p>A dead letter whose notification the tracker knows as sent (a provider message id is known, or it is sent,
 * delivered or bounced) or otherwise finished (failed, expired, suppressed) is not republished, so it cannot be sent
 * twice; it is discarded with the reason. One that is not a dispatch at all
 * stays listed and is never republished.
 *
 * <p>One transaction: the dead letters and their notifications are locked, every publish is confirmed by the broker,
 * and only then are the letters marked redriven and committed. A crash between the confirms and the commit leaves the
 * letters pending, so a second redrive would publish them again: the channel's send ledger is what makes that
 * harmless. The other order could lose a dispatch, which is worse.
 *
 * <p>Each republished dispatch carries {@code x-herald-redrive} with an id derived from its dead letter
 * ({@code dead-letter:<letter id>}): the channel may then resend a notification whose earlier send is in doubt
 * ({@code outcome_unknown}) once, but never one its ledger records as sent; the same letter published twice is the
 * same redrive, so it is not sent twice either.
 */
@ApplicationScoped
public class DeadLetterRedriver {

    static final String REDRIVE_EVENT = "operator.redrive";

    private final Pool pool;
    private final DeadLetterStore letters;
    private final NotificationStateStore notifications;
    private final ConfirmingPublisher publisher;
    private final MessageCodec codec;
    private final int maxBatch;

    DeadLetterRedriver(Pool pool, DeadLetterStore letters, NotificationStateStore notifications,
            ConfirmingPublisher publisher, MessageCodec codec, TrackerConfig config) {
        this.pool = pool;
        this.letters = letters;
        this.notifications = notifications;
        this.publisher = publisher;
        this.codec = codec;
        this.maxBatch = Math.max(1, config.deadLetters().maxRedriveBatch());
    }

    /** A dead letter left alone, and why. {@code notificationId} is null for a message that is not a dispatch. */
    public record Skipped(UUID deadLetterId, UUID notificationId, String reason) {
    }

    /** What a redrive did; {@code remaining} is what is still pending on the channel for the caller. */
    public record Result(Channel channel, List<UUID> redriven, List<Skipped> skipped, List<UUID> notFound,
            long remaining) {
    }

    /**
     * Redrives the caller's pending dead letters of {@code channel}: all of them (up to {@code max-redrive-batch}) when
     * {@code notificationIds} is null, else those of the given notifications.
     */
    public Uni<Result> redrive(Scope scope, Channel channel, List<UUID> notificationIds) {
        return pool.withTransaction(connection -> letters.lockPending(connection, scope, channel, notificationIds,
                        notificationIds == null ? maxBatch : Math.min(maxBatch, notificationIds.size()))
                .chain(pending -> {
                    List<UUID> ids = pending.stream().filter(StoredDeadLetter::redrivable)
                            .map(StoredDeadLetter::notificationId).toList();
                    return notifications.lockMatching(connection, ids, List.of())
                            .chain(locked -> redrive(connection, scope, channel, notificationIds, pending, locked));
                }));
    }

    private Uni<Result> redrive(SqlConnection connection, Scope scope, Channel channel, List<UUID> requested,
            List<StoredDeadLetter> pending, List<LockedNotification> locked) {
        Map<UUID, LockedNotification> byId = new HashMap<>();
        locked.forEach(notification -> byId.put(notification.notificationId(), notification));
        Instant now = Instant.now();
        List<StoredDeadLetter> toSend = new ArrayList<>();
        List<DispatchMessage> dispatches = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<UUID> resolvedIds = new ArrayList<>();
        List<String> resolutions = new ArrayList<>();
        for (StoredDeadLetter letter : pending) {
            DispatchMessage dispatch = letter.redrivable() ? decode(letter) : null;
            if (dispatch == null) {
                skipped.add(new Skipped(letter.id(), letter.notificationId(),
                        "not a dispatch: it stays listed and cannot be redriven"));
                continue;
            }
            LockedNotification notification = byId.get(letter.notificationId());
            TrackedState current = notification == null ? null : notification.state();
            if (!NotificationStateMachine.redrivable(current)) {
                String reason = (NotificationStateMachine.redrivableState(current.state())
                        ? "already sent (provider message " + current.providerMessageId() + ")"
                        : "already " + current.state().wireName()) + ": not sent again";
                skipped.add(new Skipped(letter.id(), letter.notificationId(), reason));
                resolvedIds.add(letter.id());
                resolutions.add("discarded: " + reason);
                continue;
            }
            toSend.add(letter);
            dispatches.add(dispatch);
        }
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 0; i < toSend.size(); i++) {
            confirms.add(publisher.publish(Topology.DISPATCH_EXCHANGE, channel.wireName(),
                    dispatches.get(i).withAttempt(1),
                    TraceParent.childOf(toSend.get(i).headers().get(MessageHeaders.TRACEPARENT)),
                    Map.of(MessageHeaders.ATTEMPT, 1, MessageHeaders.REDRIVE, redriveId(toSend.get(i)))));
        }
        List<UUID> redriven = toSend.stream().map(StoredDeadLetter::notificationId).toList();
        toSend.forEach(letter -> {
            resolvedIds.add(letter.id());
            resolutions.add("redriven");
        });
        Set<UUID> notFound = new LinkedHashSet<>(requested == null ? List.of() : requested);
        pending.forEach(letter -> notFound.remove(letter.notificationId()));
        return Uni.createFrom().completionStage(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)))
                .chain(() -> recordRedrives(connection, channel, toSend, dispatches, byId, now))
                .chain(() -> letters.resolve(connection, resolvedIds, resolutions))
                .chain(() -> letters.countPending(connection, scope, channel))
                .map(remaining -> {
                    if (!redriven.isEmpty() || !skipped.isEmpty()) {
                        Log.infof("redrove %d dead letters of %s for tenant %s (%d skipped, %d still pending)",
                                redriven.size(), channel.wireName(), scope.tenant(), skipped.size(), remaining);
                    }
                    return new Result(channel, redriven, skipped, List.copyOf(notFound), remaining);
                });
    }

    /**
     * The redrive id of a dead letter: derived from the letter, not fresh per publish, so a letter published twice
     * (a crash between the confirms and the commit, then a second redrive) is one redrive to the channel's ledger and
     * is not sent twice.
     */
    static String redriveId(StoredDeadLetter letter) {
        return "dead-letter:" + letter.id();
    }

    /** The new round of each redriven notification: back to queued, attempts from zero, with its history entry. */
    private Uni<Void> recordRedrives(SqlConnection connection, Channel channel, List<StoredDeadLetter> sent,
            List<DispatchMessage> dispatches, Map<UUID, LockedNotification> known, Instant now) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String reason = "redriven from " + Topology.deadLetterQueue(channel) + " by an operator";
        List<NewNotification> unknown = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<HistoryRow> history = new ArrayList<>();
        List<NotificationChange> changes = new ArrayList<>();
        TrackedState queued = new TrackedState(NotificationState.QUEUED, 0, null, null, reason, now);
        for (int i = 0; i < sent.size(); i++) {
            StoredDeadLetter letter = sent.get(i);
            DispatchMessage dispatch = dispatches.get(i);
            UUID id = letter.notificationId();
            LockedNotification notification = known.get(id);
            if (notification == null) {
                unknown.add(new NewNotification(id, dispatch.eventId(), dispatch.tenant(), dispatch.userId(), channel,
                        queued));
            }
            ids.add(id);
            String was = notification == null ? "unknown to the tracker"
                    : "was " + notification.state().state().wireName() + " after attempt " + notification.state().attempt();
            history.add(new HistoryRow(id, new HistoryEntry(NotificationState.QUEUED, now, 0,
                    reason + "; " + was + (letter.reason() == null ? "" : "; dead-lettered: " + letter.reason()),
                    false, REDRIVE_EVENT)));
            changes.add(NotificationChange.of(id, dispatch.eventId(), dispatch.tenant(), dispatch.userId(), channel,
                    queued));
        }
        return notifications.insertAbsent(connection, unknown)
                .chain(() -> notifications.startRedriveRounds(connection, ids, reason, now))
                .chain(() -> notifications.appendHistory(connection, history))
                .chain(() -> notifications.announce(connection, changes));
    }

    private DispatchMessage decode(StoredDeadLetter letter) {
        try {
            return codec.decode(letter.payload(), DispatchMessage.class);
        } catch (MessageCodec.PoisonMessageException e) {
            return null;
        }
    }
}
