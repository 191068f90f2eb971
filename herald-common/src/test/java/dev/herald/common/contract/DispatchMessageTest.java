package dev.herald.common.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchMessageTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static DispatchMessage dispatch(boolean critical, String unsubscribeUrl) {
        UUID eventId = UUID.randomUUID();
        return new DispatchMessage(DispatchMessage.SCHEMA_VERSION, NotificationIds.notificationId(eventId, "u-1", Channel.EMAIL),
                eventId, "acme", "order.shipped", "orders", "u-1", Channel.EMAIL, "u-1@example.com", "en",
                Map.of("orderId", "o-1"), 1, Instant.parse("2099-01-01T00:00:00Z"), critical, unsubscribeUrl);
    }

    @Test
    void theThirteenComponentFormIsANonCriticalDispatchWithoutUnsubscribeUrl() {
        DispatchMessage full = dispatch(false, null);
        DispatchMessage legacy = new DispatchMessage(full.schemaVersion(), full.notificationId(), full.eventId(), full.tenant(),
                full.type(), full.category(), full.userId(), full.channel(), full.address(), full.locale(), full.data(),
                full.attempt(), full.expiresAt());

        assertThat(legacy).isEqualTo(full);
    }

    @Test
    void roundTripsTheUnsubscribeUrlAndCriticalityAndKeepsThemOnTheNextAttempt() throws Exception {
        DispatchMessage dispatch = dispatch(true, "https://herald.example/unsubscribe?token=abc");

        DispatchMessage decoded = json.readValue(json.writeValueAsBytes(dispatch), DispatchMessage.class);

        assertThat(decoded).isEqualTo(dispatch);
        assertThat(decoded.withAttempt(2).unsubscribeUrl()).isEqualTo("https://herald.example/unsubscribe?token=abc");
        assertThat(decoded.withAttempt(2).critical()).isTrue();
    }

    @Test
    void readsADispatchWrittenBeforeTheOptionalComponentsExisted() throws Exception {
        String old = """
                {"schemaVersion": 1, "notificationId": "%s", "eventId": "%s", "tenant": "acme", "type": "t",
                 "category": "orders", "userId": "u-1", "channel": "email", "address": "a@example.com", "locale": "en",
                 "data": {}, "attempt": 3, "expiresAt": null}""".formatted(UUID.randomUUID(), UUID.randomUUID());

        DispatchMessage decoded = json.readValue(old, DispatchMessage.class);

        assertThat(decoded.attempt()).isEqualTo(3);
        assertThat(decoded.critical()).isFalse();
        assertThat(decoded.unsubscribeUrl()).isNull();
    }
}
