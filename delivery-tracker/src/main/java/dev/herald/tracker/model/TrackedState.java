package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;

import java.time.Instant;

/**
 * What the tracker holds of one notification's state: the state, the highest attempt seen in an accepted update, the
 * provider and its message id once known, the reason of the current state and when it was reached.
 */
public record TrackedState(
        NotificationState state,
        int attempt,
        String provider,
        String providerMessageId,
        String reason,
        Instant updatedAt) {
}
