package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;

import java.time.Instant;

/**
 * One line of a notification's history: an accepted transition, or (with {@code ignored}) a late or out-of-order
 * update kept for the record without having changed the state.
 */
public record HistoryEntry(NotificationState state, Instant at, int attempt, String detail, boolean ignored) {
}
