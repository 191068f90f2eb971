package dev.herald.channel.core.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backoff schedule on the broker's retry tiers: after failed attempt {@code n} (counted from 1) a dispatch waits
 * in the {@code n}-th tier (the longest once they run out), or in the first tier at least as long as the provider's
 * Retry-After when that is later. After {@code maxAttempts} failed attempts there is no further retry.
 */
public final class RetrySchedule {

    private final List<Duration> tiers;
    private final int maxAttempts;

    public RetrySchedule(List<Duration> tiers, int maxAttempts) {
        if (tiers == null || tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one retry tier is needed");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        List<Duration> sorted = new ArrayList<>(tiers);
        sorted.sort(null);
        if (sorted.getFirst().isNegative() || sorted.getFirst().isZero()) {
            throw new IllegalArgumentException("retry tiers must be positive: " + tiers);
        }
        this.tiers = List.copyOf(sorted);
        this.maxAttempts = maxAttempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether failed attempt {@code attempt} was the last one allowed. */
    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }

    /** The tier a dispatch waits in after failed attempt {@code attempt}, honouring the provider's Retry-After. */
    public Duration tierAfter(int attempt, Optional<Duration> retryAfter) {
        Duration byAttempt = tiers.get(Math.min(Math.max(attempt, 1), tiers.size()) - 1);
        if (retryAfter == null || retryAfter.isEmpty()) {
            return byAttempt;
        }
        Duration byProvider = tierAtLeast(retryAfter.get());
        return byProvider.compareTo(byAttempt) > 0 ? byProvider : byAttempt;
    }

    /** The shortest tier not shorter than {@code delay}; the longest tier when every tier is shorter. */
    public Duration tierAtLeast(Duration delay) {
        for (Duration tier : tiers) {
            if (tier.compareTo(delay) >= 0) {
                return tier;
            }
        }
        return tiers.getLast();
    }
}
