package dev.herald.tracker.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.TrackedState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that decides how a status changes a notification. States only move forward:
 * <ul>
 *   <li>an unknown notification takes the state of its first status, whatever it is;</li>
 *   <li>a status of higher {@link NotificationState#rank()} is accepted, unless the notification is already in a
 *       terminal state, which is never left, or it is {@code dead_lettered} / {@code expired} after {@code sent}
 *       (those say it was never sent, which the provider's acceptance disproves);</li>
 *   <li>{@code retrying} with a higher attempt than recorded is accepted as another retry (same rank, later attempt);</li>
 *   <li>the same state with the same attempt is a duplicate (a redelivery) and is recorded nowhere;</li>
 *   <li>anything else (a lower rank, an older attempt, another terminal state after a terminal one, a repeated
 *       non-retry state) is late or out of order: the state stays, and the update is kept in history marked
 *       ignored, so an operator can see e.g. a bounce reported after a delivery.</li>
 * </ul>
 * Accepted transitions take the status's attempt if higher, its reason, its time, and its provider and provider
 * message id where it carries them ({@code sent} does); a late update that carries the provider message id still
 * records it where none is known yet. Provider webhooks go through the same rules
 * ({@link #applyReports}); an operator's redrive is the one deliberate way back ({@link #redrivable}), and it starts a
 * new round of history rather than rewriting the old one.
 */
public final class NotificationStateMachine {

    private NotificationStateMachine() {
    }

    /** The decision for {@code status} on a notification whose recorded state is {@code current} (null: unknown). */
    public static Decision decide(TrackedState current, StatusMessage status) {
        NotificationState incoming = status.state();
        if (current == null) {
            return accepted(Decision.Outcome.CREATED, null, status);
        }
        NotificationState recorded = current.state();
        if (incoming == recorded && status.attempt() == current.attempt()) {
            return new Decision(Decision.Outcome.DUPLICATE, current, null);
        }
        if (!recorded.isTerminal() && incoming.rank() > recorded.rank() && !neverSentAfterSent(recorded, incoming)) {
            return accepted(Decision.Outcome.ADVANCED, current, status);
        }
        if (incoming == NotificationState.RETRYING && recorded == NotificationState.RETRYING
                && status.attempt() > current.attempt()) {
            return accepted(Decision.Outcome.RETRIED, current, status);
        }
        HistoryEntry ignored = new HistoryEntry(incoming, status.at(), status.attempt(),
                join("late: already " + recorded.wireName(), detail(status)), true);
        // A late sent still tells which message the provider has, where nothing did before (a webhook got first).
        TrackedState kept = current.providerMessageId() == null && status.providerMessageId() != null
                ? new TrackedState(recorded, current.attempt(), status.provider(), status.providerMessageId(),
                        current.reason(), current.updatedAt())
                : current;
        return new Decision(Decision.Outcome.IGNORED, kept, ignored);
    }

    /**
     * {@code dead_lettered} and {@code expired} say a notification was never sent; once the provider has it
     * ({@code sent}), they can only come from a duplicate delivery of its dispatch (redelivered, then poisoned or
     * exhausted) and do not change its fate, which the provider's webhook will tell.
     */
    private static boolean neverSentAfterSent(NotificationState recorded, NotificationState incoming) {
        return recorded == NotificationState.SENT
                && (incoming == NotificationState.DEAD_LETTERED || incoming == NotificationState.EXPIRED);
    }

    /**
     * Applies {@code statuses} in order to {@code current}: the resulting state, whether it differs from
     * {@code current}, and the history entries to record, each (state, attempt) at most once.
     */
    public static Fold fold(TrackedState current, List<StatusMessage> statuses) {
        TrackedState state = current;
        boolean changed = false;
        List<HistoryEntry> entries = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (StatusMessage status : statuses) {
            Decision decision = decide(state, status);
            if (!decision.next().equals(state)) {
                state = decision.next();
                changed = true;
            }
            HistoryEntry entry = decision.entry();
            if (entry != null && recorded.add(entry.state().wireName() + "#" + entry.attempt())) {
                entries.add(entry);
            }
        }
        return new Fold(state, changed, List.copyOf(entries));
    }

    /** The outcome of {@link #fold}. */
    public record Fold(TrackedState state, boolean changed, List<HistoryEntry> entries) {
    }

    /**
     * Applies provider webhook reports, in order, to a known notification. A report with a state ({@code delivered},
     * {@code bounced}, {@code failed}) goes through {@link #decide} like any status, with the notification's current
     * attempt (providers know nothing of Herald's attempts), so the same rules hold: a bounce reported after
     * {@code delivered} is kept as ignored, a second {@code delivered} is a duplicate. An informative report
     * ({@code deferred}, {@code open}, {@code spamreport}, ...) is recorded as an event entry and changes nothing.
     */
    public static Fold applyReports(TrackedState current, StatusFrame frame, List<ProviderReport> reports) {
        if (current == null) {
            throw new IllegalArgumentException("reports apply to known notifications only");
        }
        TrackedState state = current;
        boolean changed = false;
        List<HistoryEntry> entries = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (ProviderReport report : reports) {
            NotificationState target = report.outcome().state();
            Instant at = reportedAt(report.at(), state.updatedAt());
            if (target == null) {
                entries.add(new HistoryEntry(state.state(), at, state.attempt(),
                        report.provider() + ": " + report.detail(), false, report.historyEvent()));
                continue;
            }
            StatusMessage status = new StatusMessage(StatusMessage.SCHEMA_VERSION, frame.notificationId(),
                    frame.eventId(), frame.tenant(), frame.userId(), frame.channel(), target, at,
                    state.attempt(), report.provider(), null, report.detail());
            Decision decision = decide(state, status);
            if (!decision.next().equals(state)) {
                state = decision.next();
                changed = true;
            }
            HistoryEntry entry = decision.entry();
            if (entry != null && recorded.add(entry.state().wireName() + "#" + entry.attempt())) {
                entries.add(entry);
            }
        }
        return new Fold(state, changed, List.copyOf(entries));
    }

    /**
     * Providers report whole seconds (SendGrid's {@code timestamp}), so an event of the same second as the state it
     * follows may seem to precede it; within that second it is taken to be at the state's time, so history keeps the
     * order in which things happened.
     */
    static Instant reportedAt(Instant reported, Instant current) {
        if (current != null && reported.isBefore(current)
                && !reported.isBefore(current.truncatedTo(ChronoUnit.SECONDS))) {
            return current;
        }
        return reported;
    }

    /** The identity of a notification, as statuses carry it. */
    public record StatusFrame(UUID notificationId, UUID eventId, String tenant, String userId, Channel channel) {
    }

    /**
     * Whether a notification in {@code state} (null: unknown to the tracker) may be redriven, as far as its state goes from a dead-letter queue.
     * Not once the provider has it ({@code sent}, {@code delivered}, {@code bounced}): that would send it twice; nor
     * after another final outcome ({@code failed}, {@code expired}, {@code suppressed}).
     */
    public static boolean redrivableState(NotificationState state) {
        return state == null || state == NotificationState.QUEUED || state == NotificationState.DEFERRED
                || state == NotificationState.RETRYING || state == NotificationState.DEAD_LETTERED;
    }

    /**
     * Whether a notification (null: unknown to the tracker) may be redriven: its state allows it and no provider ever
     * took it. A known provider message id means it was sent, even if a later duplicate dispatch was dead-lettered
     * and moved it on to {@code dead_lettered}.
     */
    public static boolean redrivable(TrackedState current) {
        return current == null || (current.providerMessageId() == null && redrivableState(current.state()));
    }

    private static Decision accepted(Decision.Outcome outcome, TrackedState current, StatusMessage status) {
        int attempt = current == null ? status.attempt() : Math.max(current.attempt(), status.attempt());
        String provider = status.provider() != null ? status.provider() : current == null ? null : current.provider();
        String providerMessageId = status.providerMessageId() != null ? status.providerMessageId()
                : current == null ? null : current.providerMessageId();
        TrackedState next = new TrackedState(status.state(), attempt, provider, providerMessageId, status.reason(),
                status.at());
        HistoryEntry entry = new HistoryEntry(status.state(), status.at(), status.attempt(), detail(status), false);
        return new Decision(outcome, next, entry);
    }

    /** The history detail of a status: its provider and provider message id, and its reason. */
    static String detail(StatusMessage status) {
        String provider = status.provider();
        String messageId = status.providerMessageId();
        String delivery = provider != null && messageId != null ? provider + " message " + messageId
                : provider != null ? "provider " + provider
                : messageId != null ? "provider message " + messageId
                : null;
        return join(delivery, status.reason());
    }

    private static String join(String first, String second) {
        if (first == null || first.isBlank()) {
            return second == null || second.isBlank() ? null : second;
        }
        return second == null || second.isBlank() ? first : first + "; " + second;
    }
}
