package dev.herald.filter.messaging;

import java.time.Duration;

/** Pauses between attempts: doubling from the initial pause, never longer than the maximum, however many attempts. */
public record RetryBackoff(Duration initial, Duration max) {

    /** The pause after the {@code failedAttempts}-th consecutive failure (1 for the first). */
    public Duration after(int failedAttempts) {
        int doublings = Math.clamp(failedAttempts - 1, 0, 30);
        Duration pause = initial.multipliedBy(1L << doublings);
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
