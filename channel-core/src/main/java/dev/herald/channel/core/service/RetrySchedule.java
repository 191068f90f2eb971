package dev.herald.channel.core.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The backoff schedule on the broker's retry tiers: after failed attempt {@code n} (counted from 1) a dispatch waits
 * in the {@code n}-th tier (the longest once they run out), or in the first tier at least as long as the provider's
 * Retry-After when that is later. After {@code maxAttempts} failed attempts there is no further retry.
 *
 * <p>Jitter: the broker releases a tier's queue in order (a per-message TTL would wait behind the queue's head), so
 * dispatches that failed together come back together. A returning attempt therefore waits a random part of the tier
 * it came from ({@code jitter} times the tier, at most {@code maxJitter}) on its virtual thread before it is sent,
 * which spreads such a herd; the token bucket then meters what is left.
 */
public final class RetrySchedule {

    private final List<Duration> tiers;
    private final int maxAttempts;
    private final double jitter;
    private final Duration maxJitter;

    public RetrySchedule(List<Duration> tiers, int maxAttempts) {
        this(tiers, maxAttempts, 0, Duration.ZERO);
    }

    public RetrySchedule(List<Duration> tiers, int maxAttempts, double jitter, Duration maxJitter) {
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
        if (jitter < 0 || jitter > 1 || maxJitter.isNegative()) {
            throw new IllegalArgumentException("retry jitter must be within 0..1 of the tier and not negative, was "
                    + jitter + " up to " + maxJitter);
        }
        this.jitter = jitter;
        this.maxJitter = maxJitter;
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

    /**
     * How long attempt {@code attempt} waits before it is sent: nothing for a first attempt, else a uniformly random
     * part of up to {@code jitter} of the tier the previous attempt waited in, at most {@code maxJitter}.
     */
    public Duration jitterBefore(int attempt, RandomGenerator random) {
        if (attempt <= 1 || jitter == 0 || maxJitter.isZero()) {
            return Duration.ZERO;
        }
        long bound = Math.min(maxJitter.toMillis(), (long) (tierAfter(attempt - 1, Optional.empty()).toMillis() * jitter));
        return bound <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(bound + 1));
    }
}
