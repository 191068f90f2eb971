package dev.herald.tracker.service;

import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.TrackedState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that decides how a status changes a notification. States only move forward:
 * <ul>
 *   <li>an unknown notification takes the state of its first status, whatever it is;</li>
 *   <li>a status of higher {@link NotificationState#rank()} is accepted, unless the notification is already in a
 *       terminal state, which is never left;</li>
 *   <li>{@code retrying} with a higher attempt than recorded is accepted as another retry (same rank, later attempt);</li>
 *   <li>the same state with the same attempt is a duplicate (a redelivery) and is recorded nowhere;</li>
 *   <li>anything else (a lower rank, an older attempt, another terminal state after a terminal one, a repeated
 *       non-retry state) is late or out of order: the state stays, and the update is kept in history marked
 *       ignored, so an operator can see e.g. a bounce reported after a delivery.</li>
 * </ul>
 * Accepted transitions take the status's attempt if higher, its reason, its time, and its provider and provider
 * message id where it carries them ({@code sent} does).
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
        if (!recorded.isTerminal() && incoming.rank() > recorded.rank()) {
            return accepted(Decision.Outcome.ADVANCED, current, status);
        }
        if (incoming == NotificationState.RETRYING && recorded == NotificationState.RETRYING
                && status.attempt() > current.attempt()) {
            return accepted(Decision.Outcome.RETRIED, current, status);
        }
        HistoryEntry ignored = new HistoryEntry(incoming, status.at(), status.attempt(),
                join("late: already " + recorded.wireName(), detail(status)), true);
        return new Decision(Decision.Outcome.IGNORED, current, ignored);
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
            if (decision.accepted()) {
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
