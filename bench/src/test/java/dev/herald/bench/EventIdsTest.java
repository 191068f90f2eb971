package dev.herald.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventIdsTest {

    @Test
    void theAcceptanceTimeIsTheMillisecondInAVersion7Id() {
        long millis = Instant.parse("2026-11-22T16:45:03.127Z").toEpochMilli();
        // laid out as ingress lays it out (herald-common NotificationIds.newEventId)
        UUID id = new UUID((millis << 16) | (0x7L << 12) | 0xABC, 0x8000000000000000L | 12345);
        assertThat(EventIds.acceptedAt(id.toString())).isEqualTo(Instant.parse("2026-11-22T16:45:03.127Z"));
    }

    @Test
    void anIdOfAnotherVersionIsRefused() {
        assertThatThrownBy(() -> EventIds.acceptedAt(UUID.randomUUID().toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
