package dev.herald.tracker.service;

import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.TrackedState;

/**
 * What {@link NotificationStateMachine} made of one status: the outcome, the state afterwards, and the history entry
 * to record (none for a duplicate).
 */
public record Decision(Outcome outcome, TrackedState next, HistoryEntry entry) {

    public enum Outcome {
        /** The first update of an unknown notification. */
        CREATED,
        /** Moved to a state of higher rank. */
        ADVANCED,
        /** Another retry: still {@code retrying}, with a higher attempt. */
        RETRIED,
        /** The same state and attempt as recorded: a redelivery, recorded nowhere. */
        DUPLICATE,
        /** Late or out of order (lower rank, older attempt, or after a terminal state): kept in history only. */
        IGNORED
    }

    /** Whether the notification's recorded state changes. */
    public boolean accepted() {
        return outcome == Outcome.CREATED || outcome == Outcome.ADVANCED || outcome == Outcome.RETRIED;
    }
}
