package dev.herald.channel.core.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest {

    private static final List<Duration> TIERS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));

    private final RetrySchedule schedule = new RetrySchedule(TIERS, 5);

    @Test
    void waitsInTheTierOfTheFailedAttempt() {
        assertEquals(Duration.ofSeconds(1), schedule.tierAfter(1, Optional.empty()));
        assertEquals(Duration.ofSeconds(5), schedule.tierAfter(2, Optional.empty()));
        assertEquals(Duration.ofSeconds(30), schedule.tierAfter(3, Optional.empty()));
        assertEquals(Duration.ofMinutes(2), schedule.tierAfter(4, Optional.empty()));
    }

    @Test
    void staysInTheLongestTierOnceTheTiersRunOut() {
        RetrySchedule many = new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)), 10);
        assertEquals(Duration.ofSeconds(5), many.tierAfter(3, Optional.empty()));
        assertEquals(Duration.ofSeconds(5), many.tierAfter(9, Optional.empty()));
    }

    @Test
    void treatsAMissingAttemptNumberAsTheFirstAttempt() {
        assertEquals(Duration.ofSeconds(1), schedule.tierAfter(0, Optional.empty()));
    }

    @Test
    void honoursRetryAfterWithTheFirstTierAtLeastAsLong() {
        assertEquals(Duration.ofSeconds(30), schedule.tierAfter(1, Optional.of(Duration.ofSeconds(6))));
        assertEquals(Duration.ofSeconds(5), schedule.tierAfter(1, Optional.of(Duration.ofSeconds(5))));
        assertEquals(Duration.ofMinutes(2), schedule.tierAfter(2, Optional.of(Duration.ofSeconds(45))));
    }

    @Test
    void neverWaitsLessThanTheAttemptsTierBecauseOfAShortRetryAfter() {
        assertEquals(Duration.ofSeconds(30), schedule.tierAfter(3, Optional.of(Duration.ofSeconds(1))));
        assertEquals(Duration.ofSeconds(5), schedule.tierAfter(2, Optional.of(Duration.ZERO)));
    }

    @Test
    void usesTheLongestTierWhenRetryAfterExceedsEveryTier() {
        assertEquals(Duration.ofMinutes(10), schedule.tierAfter(1, Optional.of(Duration.ofHours(1))));
    }

    @Test
    void isExhaustedAfterTheLastAllowedAttempt() {
        assertFalse(schedule.exhausted(1));
        assertFalse(schedule.exhausted(4));
        assertTrue(schedule.exhausted(5));
        assertTrue(schedule.exhausted(6));
    }

    @Test
    void sortsTiersGivenOutOfOrder() {
        RetrySchedule unsorted = new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofSeconds(10)), 3);
        assertEquals(Duration.ofSeconds(10), unsorted.tierAfter(1, Optional.empty()));
        assertEquals(Duration.ofMinutes(1), unsorted.tierAtLeast(Duration.ofSeconds(11)));
    }

    @Test
    void refusesAScheduleWithoutTiersOrAttempts() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(TIERS, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO), 5));
    }

    @Test
    void sendsAFirstAttemptWithoutJitter() {
        RetrySchedule jittered = new RetrySchedule(TIERS, 5, 0.2, Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, jittered.jitterBefore(1, new java.util.Random(1)));
    }

    @Test
    void holdsAReturningRetryUpToItsShareOfTheTierItCameFromAndNoLongerThanTheMaximum() {
        RetrySchedule jittered = new RetrySchedule(TIERS, 5, 0.2, Duration.ofSeconds(2));
        java.util.Random random = new java.util.Random(42);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration afterFiveSeconds = jittered.jitterBefore(3, random);
            assertTrue(afterFiveSeconds.compareTo(Duration.ofSeconds(1)) <= 0, afterFiveSeconds.toString());
            seen.add(afterFiveSeconds);
            Duration afterTwoMinutes = jittered.jitterBefore(5, random);
            assertTrue(afterTwoMinutes.compareTo(Duration.ofSeconds(2)) <= 0, afterTwoMinutes.toString());
        }
        assertTrue(seen.size() > 50, "jitter is spread, not one value: " + seen.size());
    }

    @Test
    void hasNoJitterWhenSwitchedOff() {
        assertEquals(Duration.ZERO, schedule.jitterBefore(3, new java.util.Random(7)));
    }
}
