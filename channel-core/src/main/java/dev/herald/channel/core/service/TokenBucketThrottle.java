package dev.herald.channel.core.service;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.common.contract.DispatchMessage;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This replica's share of the provider account's rate, as a Bucket4j token bucket ({@code herald.channel.throttle.*}):
 * {@code rate} tokens a second, at most {@code burst} saved up. A dispatch waits for a token on its virtual thread for
 * up to {@code max-wait}, then is deferred through a retry tier.
 *
 * <p>Adaptive: when the provider says the account sends too fast ({@link SendOutcome.TransientFailure#rateLimited()}),
 * every sender of this replica pauses until its Retry-After (or {@code default-pause}) and the rate is halved (at most
 * once a second, never below a sixteenth); each {@code recovery-interval} with an accepted send gives back a tenth of
 * the configured rate.
 */
public final class TokenBucketThrottle implements SendThrottle {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_CUT_SPACING = NANOS_PER_SECOND;

    private final double configuredRate;
    private final int burst;
    private final long maxWaitNanos;
    private final Duration defaultPause;
    private final long recoveryNanos;
    private final Bucket bucket;
    private final ReentrantLock changes = new ReentrantLock();

    private volatile double rate;
    private volatile long pausedUntil;
    private long lastChange;

    public TokenBucketThrottle(ChannelConfig.Throttle config) {
        this(config.rate(), config.burst(), config.maxWait(), config.defaultPause(), config.recoveryInterval());
    }

    TokenBucketThrottle(double rate, int burst, Duration maxWait, Duration defaultPause, Duration recoveryInterval) {
        if (!(rate > 0) || burst < 1) {
            throw new IllegalArgumentException("herald.channel.throttle: rate must be > 0 and burst >= 1, was "
                    + rate + " and " + burst);
        }
        this.configuredRate = rate;
        this.burst = burst;
        this.maxWaitNanos = maxWait.toNanos();
        this.defaultPause = defaultPause;
        this.recoveryNanos = recoveryInterval.toNanos();
        this.rate = rate;
        this.lastChange = System.nanoTime();
        this.pausedUntil = lastChange;
        Duration period = refillPeriod(rate);
        this.bucket = Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(burst, period)).build();
    }

    @Override
    public Decision acquire(DispatchMessage dispatch) {
        long deadline = System.nanoTime() + maxWaitNanos;
        try {
            if (!waitOutPause(deadline)) {
                return defer();
            }
            long left = deadline - System.nanoTime();
            if (!bucket.asBlocking().tryConsume(1, Duration.ofNanos(Math.max(0, left)))) {
                return defer();
            }
            // A rate limit may have arrived while this sender slept on its reserved token.
            return waitOutPause(deadline) ? PROCEED : defer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return defer();
        }
    }

    @Override
    public void unused() {
        bucket.addTokens(1); // never above the burst
    }

    @Override
    public void onOutcome(SendOutcome outcome) {
        if (outcome instanceof SendOutcome.TransientFailure failure && failure.rateLimited()) {
            rateLimited(failure.retryAfter().orElse(defaultPause));
        } else if (outcome instanceof SendOutcome.Accepted && rate < configuredRate) {
            recover();
        }
    }

    /** The current rate in sends per second (halved by rate limits, growing back). */
    public double rate() {
        return rate;
    }

    private void rateLimited(Duration pause) {
        changes.lock();
        try {
            long now = System.nanoTime();
            long until = now + pause.toNanos();
            if (until - pausedUntil > 0) {
                pausedUntil = until;
            }
            if (now - lastChange >= MIN_CUT_SPACING || rate == configuredRate) {
                double cut = Math.max(configuredRate / 16, rate / 2);
                reconfigure(cut, now);
                // Nothing saved up survives a rate limit: after the pause the bucket starts empty at the new rate.
                bucket.tryConsumeAsMuchAsPossible();
                Log.infof("provider rate limit: pausing sends for %s and slowing to %.2f/s (configured %.2f/s)",
                        pause, cut, configuredRate);
            }
        } finally {
            changes.unlock();
        }
    }

    private void recover() {
        changes.lock();
        try {
            long now = System.nanoTime();
            if (now - lastChange >= recoveryNanos && rate < configuredRate) {
                reconfigure(Math.min(configuredRate, rate + configuredRate / 10), now);
            }
        } finally {
            changes.unlock();
        }
    }

    private void reconfigure(double newRate, long now) {
        rate = newRate;
        lastChange = now;
        Duration period = refillPeriod(newRate);
        bucket.replaceConfiguration(BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(burst).refillGreedy(burst, period))
                        .build(),
                TokensInheritanceStrategy.AS_IS);
    }

    /** Sleeps out a provider pause if it ends before {@code deadline}; false if it does not. */
    private boolean waitOutPause(long deadline) throws InterruptedException {
        long until = pausedUntil;
        long now = System.nanoTime();
        if (until - now <= 0) {
            return true;
        }
        if (until - deadline > 0) {
            return false;
        }
        while (until - now > 0) {
            LockSupport.parkNanos(until - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            now = System.nanoTime();
            until = pausedUntil;
        }
        return true;
    }

    private Decision defer() {
        long now = System.nanoTime();
        long pause = Math.max(0, pausedUntil - now);
        long refill = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return new Defer(Duration.ofNanos(Math.max(pause, refill)));
    }

    /** The time in which {@code rate} refills the whole burst; refilled greedily, token by token. */
    private Duration refillPeriod(double rate) {
        return Duration.ofNanos((long) Math.ceil(burst * (double) NANOS_PER_SECOND / rate));
    }
}
