package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;

import java.time.Instant;

/**
 * One line of a notification's history: an accepted transition, or (with {@code ignored}) a late or out-of-order
 * update kept for the record without having changed the state, or (with {@code event}) a report that informs without
 * being a Herald status: a provider event such as {@code sendgrid.deferred}, or an operator action such as
 * {@code operator.redrive}. {@code state} of an event entry is the notification's state when it was recorded.
 */
public record HistoryEntry(NotificationState state, Instant at, int attempt, String detail, boolean ignored,
        String event) {

    /** A Herald status's entry. */
    public HistoryEntry(NotificationState state, Instant at, int attempt, String detail, boolean ignored) {
        this(state, at, attempt, detail, ignored, null);
    }
}
