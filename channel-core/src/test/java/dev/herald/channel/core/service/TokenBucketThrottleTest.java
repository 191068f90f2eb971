package dev.herald.channel.core.service;

import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketThrottleTest {

    private static final DispatchMessage DISPATCH = ChannelDispatches.to(Channel.EMAIL, "a@example.com").build();
    private static final SendOutcome RATE_LIMITED_NOW = SendOutcome.TransientFailure.rateLimit("http_429",
            "rate limited", Optional.of(Duration.ofMillis(1)));

    @Test
    void letsTheBurstThroughAtOnceThenDefersWhatCannotGetATokenWithinTheMaxWait() {
        TokenBucketThrottle throttle = new TokenBucketThrottle(1, 2, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(5));

        assertEquals(SendThrottle.PROCEED, throttle.acquire(DISPATCH));
        assertEquals(SendThrottle.PROCEED, throttle.acquire(DISPATCH));
        SendThrottle.Defer defer = assertInstanceOf(SendThrottle.Defer.class, throttle.acquire(DISPATCH));

        assertTrue(defer.delay().compareTo(Duration.ZERO) > 0 && defer.delay().compareTo(Duration.ofSeconds(1)) <= 0,
                defer.delay().toString());
    }

    @Test
    void takesBackTheTokenOfASendThatDidNotHappenButNeverMoreThanTheBurst() {
        TokenBucketThrottle throttle = new TokenBucketThrottle(0.1, 1, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(5));

        throttle.unused(); // the bucket is full: nothing more to take back
        assertEquals(SendThrottle.PROCEED, throttle.acquire(DISPATCH));
        assertInstanceOf(SendThrottle.Defer.class, throttle.acquire(DISPATCH));
        throttle.unused();
        assertEquals(SendThrottle.PROCEED, throttle.acquire(DISPATCH), "the unused token is back");
        assertInstanceOf(SendThrottle.Defer.class, throttle.acquire(DISPATCH));
    }

    @Test
    void waitsForATokenWithinTheMaxWait() {
        TokenBucketThrottle throttle = new TokenBucketThrottle(20, 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        long start = System.nanoTime();

        for (int i = 0; i < 5; i++) {
            assertEquals(SendThrottle.PROCEED, throttle.acquire(DISPATCH));
        }

        // four tokens at 20/s take 200 ms to refill
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(150)) >= 0);
    }

    @Test
    void aRateLimitPausesEverySenderUntilItsRetryAfterAndDefersThoseThatCannotWaitSoLong() {
        TokenBucketThrottle throttle = new TokenBucketThrottle(100, 100, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5));

        throttle.onOutcome(SendOutcome.TransientFailure.rateLimit("http_429", "rate limited",
                Optional.of(Duration.ofSeconds(30))));
        long start = System.nanoTime();
        SendThrottle.Defer defer = assertInstanceOf(SendThrottle.Defer.class, throttle.acquire(DISPATCH));

        assertTrue(defer.delay().compareTo(Duration.ofSeconds(29)) > 0, defer.delay().toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(100)) < 0,
                "a pause longer than the max wait is not waited for");
    }

    @Test
    void halvesTheRateOnARateLimitAtMostOnceASecondAndGivesItBackATenthAtATime() {
        TokenBucketThrottle throttle = new TokenBucketThrottle(100, 10, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ZERO);

        throttle.onOutcome(RATE_LIMITED_NOW);
        throttle.onOutcome(RATE_LIMITED_NOW);
        assertEquals(50, throttle.rate(), 0.001);

        throttle.onOutcome(new SendOutcome.TransientFailure("http_503", "unavailable"));
        assertEquals(50, throttle.rate(), 0.001);
        throttle.onOutcome(new SendOutcome.Accepted("id-1"));
        assertEquals(60, throttle.rate(), 0.001);
        for (int i = 0; i < 10; i++) {
            throttle.onOutcome(new SendOutcome.Accepted("id"));
        }
        assertEquals(100, throttle.rate(), 0.001);
    }
}
