package dev.herald.sandbox.provider.fcm;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AccessTokens tokens = new AccessTokens("ya29.fixed", Duration.ofHours(1), clock);

    @Test
    void acceptsAnIssuedTokenUntilItExpires() {
        String token = tokens.issue().token();
        assertThat(tokens.accepts(token)).isTrue();

        clock.now = clock.now.plus(Duration.ofMinutes(61));

        assertThat(tokens.accepts(token)).isFalse();
        assertThat(tokens.accepts("ya29.fixed")).isTrue();
    }

    @Test
    void rejectsATamperedOrForeignToken() {
        String token = tokens.issue().token();
        String laterExpiry = token.replaceFirst("\\.(\\d+)\\.", ".9" + "$1" + ".");

        assertThat(tokens.accepts(laterExpiry)).isFalse();
        assertThat(new AccessTokens("ya29.fixed", Duration.ofHours(1), clock).accepts(token)).isFalse();
        assertThat(tokens.accepts("ya29.sandbox.")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
    }

    @Test
    void issuesADifferentTokenEachTime() {
        assertThat(tokens.issue().token()).isNotEqualTo(tokens.issue().token());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
