package dev.herald.channel.core.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Fri, 01 Mar 2030 12:01:30 GMT", NOW));
    }

    @Test
    void readsAnHttpDateInThePastAsNoDelay() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Fri, 01 Mar 2030 11:00:00 GMT", NOW));
    }

    @Test
    void ignoresAbsentOrUnreadableValues() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", NOW));
    }

    @Test
    void findsTheHeaderWhateverTheCaseOfItsName() {
        assertEquals(Optional.of(Duration.ofSeconds(45)), RetryAfter.fromHeaders(Map.of("retry-after", "45"), NOW));
        assertEquals(Optional.of(Duration.ofSeconds(45)), RetryAfter.fromHeaders(Map.of("RETRY-AFTER", "45"), NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RetryAfter.fromHeaders(Map.of("Retry-After", "Fri, 01 Mar 2030 12:01:30 GMT"), NOW));
    }

    @Test
    void readsTheFirstValueOfAHeaderGivenAsAList() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetryAfter.fromHeaders(Map.of("Retry-After", List.of("30", "60")), NOW));
        assertEquals(Optional.empty(), RetryAfter.fromHeaders(Map.of("Retry-After", List.of()), NOW));
    }

    @Test
    void findsNothingWithoutTheHeader() {
        assertEquals(Optional.empty(), RetryAfter.fromHeaders(Map.of("X-Message-Id", "45"), NOW));
        assertEquals(Optional.empty(), RetryAfter.fromHeaders(null, NOW));
    }
}
