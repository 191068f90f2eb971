package dev.herald.channel.sms.provider;

import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.sms.config.SmsConfig;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationIds;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter without Quarkus: start-up validation, and the real SDK against a port nobody listens on. */
class TwilioSmsSenderTest {

    private static final String FROM = "+15005550006";
    private static final String SERVICE = "MG" + "0123456789abcdef".repeat(2);

    @Test
    void retriesWhenTwilioRefusesTheConnection() throws IOException {
        TwilioSmsSender sender = new TwilioSmsSender(config(3, Optional.of(FROM), Optional.empty(),
                "http://127.0.0.1:" + closedPort()));
        try {
            SendOutcome outcome = sender.send(rendered("+436641234567", "Hello"));

            SendOutcome.TransientFailure failure = assertInstanceOf(SendOutcome.TransientFailure.class, outcome);
            assertEquals("connect_error", failure.code());
        } finally {
            sender.close();
        }
    }

    @Test
    void refusesToStartWithoutExactlyOneSender() {
        ConfigurationException neither = assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(3, Optional.empty(), Optional.of(" "), "http://localhost:8089")));
        ConfigurationException both = assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(3, Optional.of(FROM), Optional.of(SERVICE), "http://localhost:8089")));

        assertTrue(neither.getMessage().startsWith("Set exactly one of herald.sms.twilio.from (HERALD_SMS_TWILIO_FROM"),
                neither.getMessage());
        assertTrue(neither.getMessage().endsWith("neither is set"), neither.getMessage());
        assertTrue(both.getMessage().endsWith("both are set"), both.getMessage());
    }

    @Test
    void refusesToStartWithASenderOfTheWrongShape() {
        assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(3, Optional.of("0664 123"), Optional.empty(), "http://localhost:8089")));
        assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(3, Optional.empty(), Optional.of("MG123"), "http://localhost:8089")));
    }

    @Test
    void refusesToStartWithAnUnusableSegmentLimitBaseUrlOrTimeout() {
        assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(0, Optional.of(FROM), Optional.empty(), "http://localhost:8089")));
        assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(11, Optional.of(FROM), Optional.empty(), "http://localhost:8089")));
        ConfigurationException baseUrl = assertThrows(ConfigurationException.class,
                () -> new TwilioSmsSender(config(3, Optional.of(FROM), Optional.empty(), "localhost:8089")));
        assertTrue(baseUrl.getMessage().startsWith("herald.sms.twilio.base-url"), baseUrl.getMessage());
        SmsConfig waitForever = new Sms(3, new Twilio("ACsandbox00000000000000000000000000", "sandbox-token",
                Optional.of(FROM), Optional.empty(), "http://localhost:8089", Optional.empty(), Duration.ofSeconds(5),
                Duration.ZERO, 4));
        assertThrows(ConfigurationException.class, () -> new TwilioSmsSender(waitForever));
    }

    @Test
    void startsWithAMessagingService() {
        new TwilioSmsSender(config(1, Optional.empty(), Optional.of(SERVICE), "https://api.twilio.com")).close();
    }

    @Test
    void asksTwilioToDropAMessageThatWouldArriveAfterItsExpiry() {
        Instant now = Instant.parse("2030-03-01T12:00:00Z");

        assertEquals(Optional.of(600), TwilioSmsSender.validityPeriod(dispatch("+436641234567", now.plusSeconds(600)), now));
        assertEquals(Optional.of(1), TwilioSmsSender.validityPeriod(dispatch("+436641234567", now), now));
        assertEquals(Optional.empty(), TwilioSmsSender.validityPeriod(dispatch("+436641234567", now.plus(Duration.ofHours(4))), now));
        assertEquals(Optional.empty(), TwilioSmsSender.validityPeriod(dispatch("+436641234567", null), now));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RenderedNotification rendered(String number, String text) {
        return new RenderedNotification(dispatch(number, null), "sms/generic", Map.of("text", text));
    }

    private static DispatchMessage dispatch(String number, Instant expiresAt) {
        UUID eventId = NotificationIds.newEventId();
        return new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                NotificationIds.notificationId(eventId, "u-1", Channel.SMS), eventId, "default", "generic", "orders",
                "u-1", Channel.SMS, number, "en", Map.of(), 1, expiresAt);
    }

    private static SmsConfig config(int maxSegments, Optional<String> from, Optional<String> messagingServiceSid,
            String baseUrl) {
        Twilio twilio = new Twilio("ACsandbox00000000000000000000000000", "sandbox-token", from, messagingServiceSid,
                baseUrl, Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2), 4);
        return new Sms(maxSegments, twilio);
    }

    private record Sms(int maxSegments, SmsConfig.Twilio twilio) implements SmsConfig {
    }

    private record Twilio(String accountSid, String authToken, Optional<String> from,
            Optional<String> messagingServiceSid, String baseUrl, Optional<String> statusCallbackUrl,
            Duration connectTimeout, Duration readTimeout, int maxConnections) implements SmsConfig.Twilio {
    }
}
