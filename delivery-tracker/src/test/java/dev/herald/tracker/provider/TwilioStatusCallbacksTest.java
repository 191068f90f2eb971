package dev.herald.tracker.provider;

import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.ProviderReport.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwilioStatusCallbacksTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void decodesFormParametersKeepingOrderAndRepeats() {
        List<Map.Entry<String, String>> parameters = TwilioStatusCallbacks.parameters(
                "To=%2B15005550006&Body=hello+there&To=x&Empty=".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(Map.entry("To", "+15005550006"), Map.entry("Body", "hello there"), Map.entry("To", "x"),
                Map.entry("Empty", "")), parameters);
    }

    @Test
    void deliveredIsDelivered() {
        ProviderReport report = read("MessageSid", "SM1", "MessageStatus", "delivered", "To", "+15005550006");

        assertEquals(Outcome.DELIVERED, report.outcome());
        assertEquals("SM1", report.providerMessageId());
        assertEquals("SM1:delivered", report.eventKey());
        assertNull(report.address());
    }

    @Test
    void anUndeliverableNumberBouncesWithHygiene() {
        for (String code : List.of("30005", "30006", "21211", "21614")) {
            ProviderReport report = read("MessageSid", "SM2", "MessageStatus", "undelivered", "ErrorCode", code,
                    "To", "+15005550010");

            assertEquals(Outcome.BOUNCED, report.outcome(), code);
            assertEquals("invalid_number", report.hygieneReason(), code);
            assertEquals("+15005550010", report.address());
            assertTrue(report.detail().contains("error " + code), report.detail());
        }
    }

    @Test
    void otherFailuresAreFailedWithoutHygiene() {
        ProviderReport undelivered = read("MessageSid", "SM3", "MessageStatus", "undelivered", "ErrorCode", "30003",
                "To", "+15005550011");
        ProviderReport failed = read("SmsSid", "SM4", "SmsStatus", "failed", "ErrorCode", "30008", "To", "+1500");

        assertEquals(Outcome.FAILED, undelivered.outcome());
        assertNull(undelivered.hygieneReason());
        assertNull(undelivered.address());
        assertEquals(Outcome.FAILED, failed.outcome());
        assertEquals("SM4:failed:30008", failed.eventKey());
    }

    @Test
    void intermediateStatusesAreHistoryOnlyAndIncompleteCallbacksNothing() {
        assertEquals(Outcome.INFO, read("MessageSid", "SM5", "MessageStatus", "sent").outcome());
        assertTrue(TwilioStatusCallbacks.read(List.of(Map.entry("MessageStatus", "sent")), NOW).isEmpty());
        assertTrue(TwilioStatusCallbacks.read(List.of(Map.entry("MessageSid", "SM6")), NOW).isEmpty());
    }

    private static ProviderReport read(String... nameValues) {
        List<Map.Entry<String, String>> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.add(Map.entry(nameValues[i], nameValues[i + 1]));
        }
        return TwilioStatusCallbacks.read(parameters, NOW).orElseThrow();
    }
}
