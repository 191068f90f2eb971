package dev.herald.channel.push.provider;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure pieces of a push message: its tokens, its data payload and where the SDK's requests go. */
class PushPayloadTest {

    private static final UUID NOTIFICATION = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-000000000002");

    @Test
    void readsDistinctTokensFromTheAddressInOrder() {
        assertEquals(List.of("b", "a"), DeviceTokens.parse(" b, a ,,b "));
        assertEquals(List.of(), DeviceTokens.parse(" , "));
        assertEquals(List.of(), DeviceTokens.parse(null));
    }

    @Test
    void hintsAtATokenByAShortPrefix() {
        assertEquals("fGh7Kq2L…", DeviceTokens.hint("fGh7Kq2LzT0:APA91bHxQ3vR8sN1mW5yC6dE9fG0hJ2k"));
        assertEquals("ab…", DeviceTokens.hint("abcdefg"));
        assertEquals("…", DeviceTokens.hint("ab"));
    }

    @Test
    void flattensTheEventDataToStrings() {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", "A-1");
        data.put("total", 12.5);
        data.put("shipment", Map.of("carrier", "DHL", "tracking", Map.of("id", 42)));
        data.put("items", List.of(Map.of("name", "tea")));
        data.put("note", null);

        Map<String, String> payload = PushData.of(dispatch(data));

        assertEquals("A-1", payload.get("orderId"));
        assertEquals("12.5", payload.get("total"));
        assertEquals("DHL", payload.get("shipment.carrier"));
        assertEquals("42", payload.get("shipment.tracking.id"));
        assertEquals("[{\"name\":\"tea\"}]", payload.get("items"));
        assertFalse(payload.containsKey("note"));
    }

    @Test
    void addsTheIdsAndTypeWhichTheEventDataCannotOverride() {
        Map<String, String> payload = PushData.of(dispatch(Map.of("type", "spoofed", "notificationId", "x")));

        assertEquals(NOTIFICATION.toString(), payload.get("notificationId"));
        assertEquals(EVENT.toString(), payload.get("eventId"));
        assertEquals("order.shipped", payload.get("type"));
    }

    @Test
    void dropsKeysFcmReserves() {
        Map<String, String> payload = PushData.of(dispatch(Map.of("from", "x", "google.sent_time", "1",
                "gcm.notification.title", "t", "message_type", "m", "fromAddress", "kept")));

        assertEquals("kept", payload.get("fromAddress"));
        assertEquals(List.of("fromAddress", "notificationId", "eventId", "type").stream().sorted().toList(),
                payload.keySet().stream().sorted().toList());
    }

    @Test
    void redirectsFcmRequestsToTheBaseUrlKeepingPathAndQuery() throws Exception {
        FcmEndpointRedirect redirect = new FcmEndpointRedirect(URI.create("http://localhost:8089/"));

        assertEquals(new URL("http://localhost:8089/v1/projects/p/messages:send?x=1"),
                redirect.rewrite(new URL("https://fcm.googleapis.com/v1/projects/p/messages:send?x=1")));
        assertFalse(redirect.isGoogle());
    }

    @Test
    void keepsABasePathAndLeavesOtherOriginsAlone() throws Exception {
        FcmEndpointRedirect redirect = new FcmEndpointRedirect(URI.create("https://proxy.example/fcm"));
        URL token = new URL("https://oauth2.googleapis.com/token");

        assertEquals(new URL("https://proxy.example/fcm/v1/projects/p/messages:send"),
                redirect.rewrite(new URL("https://fcm.googleapis.com/v1/projects/p/messages:send")));
        assertSame(token, redirect.rewrite(token));
        assertTrue(new FcmEndpointRedirect(URI.create("https://fcm.googleapis.com")).isGoogle());
    }

    @Test
    void refusesABaseUrlThatIsNoHttpUrl() {
        assertThrows(IllegalArgumentException.class, () -> new FcmEndpointRedirect(URI.create("localhost:8089")));
    }

    private static DispatchMessage dispatch(Map<String, Object> data) {
        return new DispatchMessage(DispatchMessage.SCHEMA_VERSION, NOTIFICATION, EVENT, "default", "order.shipped",
                "orders", "u-1", Channel.PUSH, "token", "en", data, 1, null);
    }
}
