package dev.herald.filter.service.link;

import dev.herald.common.contract.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkTokensTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final LinkTokens tokens = new LinkTokens("a-test-secret-of-at-least-32-characters!");

    @Test
    void verifiesWhatItSigned() {
        LinkToken settings = LinkToken.settings("acme", "u-1", NOW.plus(Duration.ofDays(7)));
        LinkToken unsubscribe = LinkToken.unsubscribe("acme", "u-1", "marketing", Channel.EMAIL, NOW.plus(Duration.ofDays(7)));

        assertThat(tokens.verify(tokens.sign(settings), LinkToken.Purpose.SETTINGS, NOW)).isEqualTo(settings);
        assertThat(tokens.verify(tokens.sign(unsubscribe), LinkToken.Purpose.UNSUBSCRIBE, NOW)).isEqualTo(unsubscribe);
    }

    @Test
    void refusesAnExpiredToken() {
        String token = tokens.sign(LinkToken.settings("acme", "u-1", NOW));

        assertThatThrownBy(() -> tokens.verify(token, LinkToken.Purpose.SETTINGS, NOW))
                .isInstanceOfSatisfying(LinkTokens.InvalidLinkException.class, invalid -> assertThat(invalid.expired()).isTrue());
    }

    @Test
    void refusesATokenWhosePayloadWasChanged() {
        String token = tokens.sign(LinkToken.settings("acme", "u-1", NOW.plusSeconds(60)));
        String[] parts = token.split("\\.");
        String otherUser = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("u-1", "u-2").getBytes());

        assertInvalid(parts[0] + "." + otherUser + "." + parts[2], LinkToken.Purpose.SETTINGS);
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        String foreign = new LinkTokens("another-secret-of-at-least-32-characters")
                .sign(LinkToken.settings("acme", "u-1", NOW.plusSeconds(60)));

        assertInvalid(foreign, LinkToken.Purpose.SETTINGS);
    }

    @Test
    void refusesATokenOfAnotherPurpose() {
        String unsubscribe = tokens.sign(LinkToken.unsubscribe("acme", "u-1", "marketing", Channel.EMAIL, NOW.plusSeconds(60)));

        assertInvalid(unsubscribe, LinkToken.Purpose.SETTINGS);
    }

    @Test
    void refusesGarbage() {
        for (String garbage : new String[] {null, "", "v1", "v1..", "v2.e30.AAAA", "v1.!!!.???", "x".repeat(5000)}) {
            assertInvalid(garbage, LinkToken.Purpose.SETTINGS);
        }
    }

    @Test
    void needsALongEnoughSecret() {
        assertThatThrownBy(() -> new LinkTokens("short")).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertInvalid(String token, LinkToken.Purpose purpose) {
        assertThatThrownBy(() -> tokens.verify(token, purpose, NOW))
                .isInstanceOfSatisfying(LinkTokens.InvalidLinkException.class, invalid -> assertThat(invalid.expired()).isFalse());
    }
}
