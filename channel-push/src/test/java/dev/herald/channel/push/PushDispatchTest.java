package dev.herald.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PushDispatchTest {

    private static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    /** Set by {@link WireMockFcm}, as is the service account's public key. */
    WireMockServer fcm;

    PublicKey serviceAccountKey;

    @Inject
    BrokerProbe broker;

    @Inject
    ObjectMapper json;

    /** The consumer may still be connecting when a busy broker is slow to answer; tests start once it listens. */
    @BeforeEach
    void awaitTheConsumer() {
        broker.awaitReady();
    }

    @Test
    void sendsOneMessagePerTokenWithAnAccessTokenFromTheTokenEndpointAndReportsSent() throws Exception {
        String phone = uniqueToken();
        String tablet = uniqueToken();
        stub(phone, sent("projects/herald-test/messages/0:phone"));
        stub(tablet, sent("projects/herald-test/messages/0:tablet"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", phone + "," + tablet, Map.of(
                "orderId", "A-1001",
                "carrier", "DHL",
                "shipment", Map.of("parcels", 2, "express", true),
                "items", List.of("tea", "cups")));

        broker.publishDispatch(dispatch);

        StatusMessage status = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("fcm", status.provider());
        assertEquals("projects/herald-test/messages/0:phone,projects/herald-test/messages/0:tablet",
                status.providerMessageId());

        for (String token : List.of(phone, tablet)) {
            LoggedRequest request = onlyRequestTo(token);
            assertEquals("Bearer " + WireMockFcm.ACCESS_TOKEN, request.getHeader("Authorization"));
            JsonNode message = json.readTree(request.getBodyAsString()).path("message");
            assertEquals("Your order A-1001 has shipped", message.path("notification").path("title").asText());
            assertEquals("It is on its way with DHL.", message.path("notification").path("body").asText());
            JsonNode data = message.path("data");
            assertEquals(dispatch.notificationId().toString(), data.path("notificationId").asText());
            assertEquals(dispatch.eventId().toString(), data.path("eventId").asText());
            assertEquals("order.shipped", data.path("type").asText());
            assertEquals("A-1001", data.path("orderId").asText());
            assertEquals("2", data.path("shipment.parcels").asText());
            assertEquals("true", data.path("shipment.express").asText());
            assertEquals("[\"tea\",\"cups\"]", data.path("items").asText());
        }
        assertTheTokenEndpointGotASignedServiceAccountAssertion();
    }

    @Test
    void rendersTheLanguageOfARegionalLocale() throws Exception {
        JsonNode notification = sentNotification("order.shipped", "de-AT", Map.of("orderId", "B-7"));

        assertEquals("Ihre Bestellung B-7 ist unterwegs", notification.path("title").asText());
        assertEquals("Sie wurde versandt.", notification.path("body").asText());
    }

    @Test
    void usesTheGenericTemplateForATypeWithoutTemplates() throws Exception {
        JsonNode notification = sentNotification("invoice.paid", "en", Map.of("invoice", "I-3"));

        assertEquals("Notification: invoice.paid", notification.path("title").asText());
        assertEquals("invoice: I-3", notification.path("body").asText());
    }

    @Test
    void reportsFailedNamingTheUnregisteredTokenWithoutRevealingIt() {
        String token = uniqueToken();
        stub(token, fcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null));
        DispatchMessage dispatch = dispatch("order.shipped", "en", token, Map.of("orderId", "C-3"));

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals("fcm", failed.provider());
        assertTrue(failed.reason().startsWith("unregistered_token (token " + token.substring(0, 8) + "…"),
                failed.reason());
        assertFalse(failed.reason().contains(token), failed.reason());
        assertEquals(1, fcm.findAll(requestsTo(token)).size());
        SuppressionMessage suppression = broker.awaitSuppression(
                message -> dispatch.notificationId().equals(message.notificationId()));
        assertEquals(token, suppression.address());
        assertEquals("unregistered_token", suppression.reason());
    }

    @Test
    void reportsFailedForATokenFcmCallsAnInvalidArgument() {
        String token = uniqueToken();
        stub(token, fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                "The registration token is not a valid FCM registration token", "message.token"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", token, Map.of("orderId", "D-4"));

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertTrue(failed.reason().startsWith("invalid_token (token "), failed.reason());
        assertTrue(failed.reason().contains("400 INVALID_ARGUMENT"), failed.reason());
        assertEquals(1, fcm.findAll(requestsTo(token)).size());
    }

    @Test
    void retriesWhenFcmIsUnavailable() {
        String token = uniqueToken();
        stub(token, fcmError(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", null));
        // Attempt 2 parks the next one for a minute, so no retry is still running when the tests end.
        DispatchMessage dispatch = dispatch("order.shipped", "en", token, Map.of("orderId", "E-5")).withAttempt(2);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertEquals(2, retrying.attempt());
        assertEquals("fcm", retrying.provider());
        assertTrue(retrying.reason().contains("unavailable (FCM unavailable: 503 UNAVAILABLE"), retrying.reason());
        // firebase-admin retries a 503 four times itself (README) before the broker's retry tiers take over.
        assertEquals(5, fcm.findAll(requestsTo(token)).size());
    }

    @Test
    void waitsAtLeastAsLongAsAQuotaErrorsRetryAfter() {
        String token = uniqueToken();
        stub(token, fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.", null)
                .withHeader("Retry-After", "45"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", token, Map.of("orderId", "F-6"));

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertTrue(retrying.reason().contains("quota_exceeded"), retrying.reason());
        assertTrue(retrying.reason().endsWith("next attempt in 1m"), retrying.reason());
        broker.awaitMessage(Topology.retryQueue(Channel.PUSH, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(1, fcm.findAll(requestsTo(token)).size());
    }

    @Test
    void reportsSentWhenOneOfTwoTokensIsUnregistered() {
        String live = uniqueToken();
        String stale = uniqueToken();
        stub(live, sent("projects/herald-test/messages/0:live"));
        stub(stale, fcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null));
        DispatchMessage dispatch = dispatch("order.shipped", "en", stale + "," + live, Map.of("orderId", "G-7"));

        broker.publishDispatch(dispatch);

        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("projects/herald-test/messages/0:live", sent.providerMessageId());
        assertEquals(1, fcm.findAll(requestsTo(stale)).size());
        assertEquals(1, fcm.findAll(requestsTo(live)).size());
        SuppressionMessage suppression = broker.awaitSuppression(
                message -> dispatch.notificationId().equals(message.notificationId()));
        assertEquals(SuppressionMessage.SCHEMA_VERSION, suppression.schemaVersion());
        assertEquals("default", suppression.tenant());
        assertEquals(Channel.PUSH, suppression.channel());
        assertEquals(stale, suppression.address());
        assertEquals("unregistered_token", suppression.reason());
        assertTrue(suppression.detail().startsWith("unregistered_token: token " + stale.substring(0, 8) + "…"),
                suppression.detail());
        assertEquals(sent.at(), suppression.at());
        assertEquals(List.of(suppression), broker.suppressionsOf(dispatch.notificationId()));
    }

    @Test
    void reportsFailedWithoutCallingFcmForARecipientWithoutTokens() {
        DispatchMessage dispatch = dispatch("order.shipped", "en", " , ", Map.of("orderId", "H-8"));

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertTrue(failed.reason().startsWith("no_contact_point"), failed.reason());
        assertTrue(fcm.findAll(postRequestedFor(urlEqualTo(WireMockFcm.SEND_PATH))
                .withRequestBody(containing(dispatch.notificationId().toString()))).isEmpty());
    }

    /** The SDK fetched its access token from the key's token_uri with a JWT signed by the service account's key. */
    private void assertTheTokenEndpointGotASignedServiceAccountAssertion() throws Exception {
        List<LoggedRequest> tokenRequests = fcm.findAll(postRequestedFor(urlEqualTo("/token")));
        assertFalse(tokenRequests.isEmpty(), "no access token was requested");
        Map<String, String> form = form(tokenRequests.getFirst().getBodyAsString());
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
        String[] jwt = form.get("assertion").split("\\.");
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(serviceAccountKey);
        signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(signature.verify(Base64.getUrlDecoder().decode(jwt[2])), "the assertion's signature");
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals(WireMockFcm.CLIENT_EMAIL, claims.path("iss").asText());
        // google-auth addresses the assertion to Google's token server whatever the key's token_uri says.
        assertEquals("https://oauth2.googleapis.com/token", claims.path("aud").asText());
        // firebase-admin asks for its fixed scope set; FCM HTTP v1 is authorised by cloud-platform.
        assertTrue(claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform"),
                claims.path("scope").asText());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The notification FCM received for a dispatch to a single new token, once it was reported sent. */
    private JsonNode sentNotification(String type, String locale, Map<String, Object> data) throws Exception {
        String token = uniqueToken();
        DispatchMessage dispatch = dispatch(type, locale, token, data);
        broker.publishDispatch(dispatch);
        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        return json.readTree(onlyRequestTo(token).getBodyAsString()).path("message").path("notification");
    }

    private void stub(String token, ResponseDefinitionBuilder response) {
        fcm.stubFor(post(urlEqualTo(WireMockFcm.SEND_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder sent(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"" + name + "\"}");
    }

    /** Google's error body with FCM's error code, as FCM HTTP v1 answers. */
    private static ResponseDefinitionBuilder fcmError(int status, String canonical, String fcmCode, String message,
            String offendingField) {
        String badRequest = offendingField == null ? "" : ",{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
                + "\"fieldViolations\":[{\"field\":\"" + offendingField + "\",\"description\":\"Invalid value\"}]}";
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\""
                        + canonical + "\",\"details\":[{\"@type\":\"" + FCM_ERROR + "\",\"errorCode\":\"" + fcmCode
                        + "\"}" + badRequest + "]}}");
    }

    private static RequestPatternBuilder requestsTo(String token) {
        return postRequestedFor(urlEqualTo(WireMockFcm.SEND_PATH))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token)));
    }

    private LoggedRequest onlyRequestTo(String token) {
        List<LoggedRequest> requests = fcm.findAll(requestsTo(token));
        assertEquals(1, requests.size(), "requests to " + token.substring(0, 8));
        return requests.getFirst();
    }

    /** A token of the length and alphabet of real FCM registration tokens. */
    private static String uniqueToken() {
        return (UUID.randomUUID() + ":APA91b" + UUID.randomUUID() + UUID.randomUUID()).replace("-", "");
    }

    private static DispatchMessage dispatch(String type, String locale, String address, Map<String, Object> data) {
        return ChannelDispatches.dispatch(Channel.PUSH, type, locale, address, data, 1, null);
    }
}
