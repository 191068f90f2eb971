package dev.herald.filter.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void doublesFromTheInitialPause() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverExceedsTheMaximumHoweverManyAttempts() {
        assertThat(backoff.after(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }
}
