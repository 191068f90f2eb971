package dev.herald.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.tracker.HygieneQueue;
import dev.herald.tracker.SendGridTestKeys;
import dev.herald.tracker.WebhookSigner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.herald.common.contract.Channel.EMAIL;
import static dev.herald.common.contract.Channel.SMS;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider webhooks end to end within the module: the test plays SendGrid and Twilio, signing with real key material,
 * and watches notifications change through the status API and hygiene reports arrive on the broker.
 */
@QuarkusTest
class ProviderWebhookTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TWILIO_TOKEN = "test-twilio-token";
    /** The configured public base URL: Twilio signs the URL it called, not the one the tracker sees. */
    private static final String TWILIO_URL = "https://tracker.herald.test/webhooks/twilio";

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerConnection broker;

    @Test
    void aSendGridDeliveredEventDeliversTheNotificationOnceHoweverOftenItIsSent() throws Exception {
        Sent sent = sentEmail("dora");
        String body = events(event(sent, "delivered", "\"response\":\"250 OK\""));

        sendGrid(body).statusCode(200).body("received", equalTo(1)).body("stored", equalTo(1));
        awaitState(sent.notificationId(), "delivered");
        sendGrid(body).statusCode(200).body("stored", equalTo(0));

        api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("state", equalTo("delivered"))
                .body("providerMessageId", equalTo(sent.messageId()))
                .body("history.state", contains("queued", "sent", "delivered"))
                .body("history[2].detail", containsString("webhook delivered: 250 OK"));
    }

    @Test
    void aHardBounceBouncesTheNotificationAndReportsTheAddressForSuppression() throws Exception {
        Sent sent = sentEmail("ed");
        String address = "bounce+" + UUID.randomUUID() + "@example.com";

        sendGrid(events(event(sent, "bounce", "\"type\":\"bounce\",\"status\":\"5.1.1\",\"email\":\"" + address
                + "\",\"reason\":\"550 5.1.1 <" + address + ">: user unknown\""))).statusCode(200);

        awaitState(sent.notificationId(), "bounced");
        JsonNode hygiene = HygieneQueue.await(broker, message -> address.equals(message.path("address").asText()));
        assertEquals("hard_bounce", hygiene.path("reason").asText());
        assertEquals("email", hygiene.path("channel").asText());
        assertEquals("default", hygiene.path("tenant").asText());
        assertEquals(sent.notificationId().toString(), hygiene.path("notificationId").asText());
        api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("reason", not(containsString(address)))
                .body("history.detail", not(hasItem(containsString(address))));
    }

    @Test
    void deferredAndSpamReportsAreKeptInHistoryWithoutChangingTheState() throws Exception {
        Sent sent = sentEmail("fay");
        String address = "spam-" + UUID.randomUUID() + "@example.com";

        sendGrid(events(event(sent, "deferred", "\"attempt\":\"1\",\"response\":\"421 try later\""),
                event(sent, "delivered", ""),
                event(sent, "spamreport", "\"email\":\"" + address + "\""))).statusCode(200);

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("state", equalTo("delivered"))
                .body("history.event", hasItem("sendgrid.spamreport"))
                .body("history.event", hasItem("sendgrid.deferred")));
        assertEquals("spam_report", HygieneQueue.await(broker,
                message -> address.equals(message.path("address").asText())).path("reason").asText());
    }

    @Test
    void anEventThatArrivesBeforeItsNotificationIsAppliedOnceTheNotificationIsKnown() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("gus");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        Sent early = new Sent(eventId, user, notificationId, "early" + UUID.randomUUID().toString().substring(0, 8));

        sendGrid(events(event(early, "delivered", ""))).statusCode(200).body("stored", equalTo(1));
        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));
        publish(publisher, status(eventId, user, EMAIL, SENT, 1, "sendgrid", early.messageId(), null));

        awaitState(notificationId, "delivered");
    }

    @Test
    void eventsOfUnknownMessagesAreAcknowledged() {
        String unknown = events("{\"event\":\"delivered\",\"sg_event_id\":\"" + UUID.randomUUID()
                + "\",\"sg_message_id\":\"nobody.filter\",\"herald_notification_id\":\"" + UUID.randomUUID() + "\"}",
                "{\"event\":\"open\",\"sg_event_id\":\"x\"}");

        sendGrid(unknown).statusCode(200).body("received", equalTo(2)).body("skipped", equalTo(1));
    }

    @Test
    void forgedSendGridWebhooksAreRefusedAndChangeNothing() throws Exception {
        Sent sent = sentEmail("hal");
        byte[] bounce = events(event(sent, "bounce", "\"type\":\"bounce\",\"email\":\"hal@example.com\""))
                .getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(Instant.now().getEpochSecond());
        String stale = Long.toString(Instant.now().minus(Duration.ofHours(1)).getEpochSecond());

        RestAssured.given().contentType("application/json").body(bounce).post("/webhooks/sendgrid").then()
                .statusCode(401).contentType("application/problem+json");
        byte[] tampered = new String(bounce, StandardCharsets.UTF_8).replace("bounce", "delivered")
                .getBytes(StandardCharsets.UTF_8);
        signedSendGrid(tampered, now, WebhookSigner.sendGrid(SendGridTestKeys.privateKey(), now, bounce)).statusCode(403)
                .contentType("application/problem+json");
        signedSendGrid(bounce, now, WebhookSigner.sendGrid(SendGridTestKeys.generate().getPrivate(), now, bounce))
                .statusCode(403);
        signedSendGrid(bounce, stale, WebhookSigner.sendGrid(SendGridTestKeys.privateKey(), stale, bounce))
                .statusCode(403).body("detail", containsString("replay"));

        // A genuine event after the forged ones: once it is applied, the forged ones would have been too.
        sendGrid(events(event(sent, "open", ""))).statusCode(200);
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("history.event", hasItem("sendgrid.open")));
        api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("state", equalTo("sent"))
                .body("history", hasSize(3));
    }

    @Test
    void aSignedBodyThatIsNotAnEventArrayIsABadRequest() {
        sendGrid("{\"event\":\"delivered\"}").statusCode(400).contentType("application/problem+json");
        sendGrid("not json").statusCode(400);
    }

    @Test
    void aTwilioDeliveredCallbackDeliversTheSms() throws Exception {
        Sent sent = sentSms("ida");

        twilio(callback(sent, "sent", null, "+15005550006")).statusCode(200);
        twilio(callback(sent, "delivered", null, "+15005550006")).statusCode(200).body("stored", equalTo(1));
        twilio(callback(sent, "delivered", null, "+15005550006")).statusCode(200).body("stored", equalTo(0));

        awaitState(sent.notificationId(), "delivered");
        api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("history.event", hasItem("twilio.sent"))
                .body("history.findAll { it.event == null }.state", contains("queued", "sent", "delivered"));
    }

    @Test
    void anUndeliveredCallbackForAnUnknownNumberBouncesAndReportsTheNumber() throws Exception {
        Sent sent = sentSms("jo");
        String number = "+1500555" + (1000 + (int) (Math.random() * 8999));

        twilio(callback(sent, "undelivered", "30005", number)).statusCode(200);

        awaitState(sent.notificationId(), "bounced");
        JsonNode hygiene = HygieneQueue.await(broker, message -> number.equals(message.path("address").asText())
                && sent.notificationId().toString().equals(message.path("notificationId").asText()));
        assertEquals("invalid_number", hygiene.path("reason").asText());
        assertEquals("sms", hygiene.path("channel").asText());
    }

    @Test
    void otherUndeliveredCallbacksFailWithoutHygiene() throws Exception {
        Sent sent = sentSms("kim");

        twilio(callback(sent, "undelivered", "30003", "+15005550011")).statusCode(200);

        awaitState(sent.notificationId(), "failed");
        api().get("/v1/notifications/{id}", sent.notificationId()).then().body("reason", containsString("30003"));
        assertTrue(HygieneQueue.seen(broker, message -> sent.notificationId().toString()
                .equals(message.path("notificationId").asText())).isEmpty());
    }

    @Test
    void forgedTwilioCallbacksAreRefusedAndChangeNothing() throws Exception {
        Sent sent = sentSms("lou");
        Map<String, String> failed = callback(sent, "failed", "21211", "+15005550001");
        String form = form(failed);

        RestAssured.given().contentType("application/x-www-form-urlencoded").body(form).post("/webhooks/twilio")
                .then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", WebhookSigner.twilio("wrong-token", TWILIO_URL, failed))
                .body(form).post("/webhooks/twilio").then().statusCode(403);
        // Signed for the URL the tracker sees locally rather than the public one Twilio was given.
        RestAssured.given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", WebhookSigner.twilio(TWILIO_TOKEN,
                        RestAssured.baseURI + ":" + RestAssured.port + "/webhooks/twilio", failed))
                .body(form).post("/webhooks/twilio").then().statusCode(403);
        Map<String, String> tampered = new LinkedHashMap<>(failed);
        tampered.put("MessageStatus", "delivered");
        RestAssured.given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", WebhookSigner.twilio(TWILIO_TOKEN, TWILIO_URL, failed))
                .body(form(tampered)).post("/webhooks/twilio").then().statusCode(403);

        twilio(callback(sent, "sent", null, "+15005550001")).statusCode(200);
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", sent.notificationId()).then()
                .body("history.event", hasItem("twilio.sent")));
        api().get("/v1/notifications/{id}", sent.notificationId()).then().body("state", equalTo("sent"));
    }

    // --- helpers

    record Sent(UUID eventId, String user, UUID notificationId, String messageId) {
    }

    private Sent sentEmail(String name) throws Exception {
        return sent(name, EMAIL, "sendgrid", "sg" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }

    private Sent sentSms(String name) throws Exception {
        return sent(name, SMS, "twilio", "SM" + UUID.randomUUID().toString().replace("-", ""));
    }

    private Sent sent(String name, dev.herald.common.contract.Channel channel, String provider, String messageId)
            throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser(name);
        UUID notificationId = NotificationIds.notificationId(eventId, user, channel);
        publish(publisher, status(eventId, user, channel, QUEUED, 0));
        publish(publisher, status(eventId, user, channel, SENT, 1, provider, messageId, null));
        awaitState(notificationId, "sent");
        return new Sent(eventId, user, notificationId, messageId);
    }

    private static void awaitState(UUID notificationId, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .statusCode(200).body("state", equalTo(state)));
    }

    /** One SendGrid event about {@code sent}, with channel-email's custom args and extra JSON fields. */
    private static String event(Sent sent, String name, String extra) {
        return "{\"event\":\"" + name + "\",\"timestamp\":" + Instant.now().getEpochSecond()
                + ",\"sg_event_id\":\"" + UUID.randomUUID() + "\",\"sg_message_id\":\"" + sent.messageId()
                + ".filterdrecv-5bf7d-1-64B7\",\"herald_notification_id\":\"" + sent.notificationId()
                + "\",\"herald_event_id\":\"" + sent.eventId() + "\",\"herald_tenant\":\"default\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String events(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    private static ValidatableResponse sendGrid(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return signedSendGrid(bytes, timestamp, WebhookSigner.sendGrid(SendGridTestKeys.privateKey(), timestamp, bytes));
    }

    private static ValidatableResponse signedSendGrid(byte[] body, String timestamp, String signature) {
        return RestAssured.given().contentType("application/json")
                .header("X-Twilio-Email-Event-Webhook-Signature", signature)
                .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                .body(body).post("/webhooks/sendgrid").then();
    }

    private static Map<String, String> callback(Sent sent, String status, String errorCode, String to) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccountSid", "ACsandbox00000000000000000000000000");
        parameters.put("ApiVersion", "2010-04-01");
        parameters.put("From", "+15005550006");
        parameters.put("MessageSid", sent.messageId());
        parameters.put("MessageStatus", status);
        parameters.put("SmsSid", sent.messageId());
        parameters.put("SmsStatus", status);
        parameters.put("To", to);
        if (errorCode != null) {
            parameters.put("ErrorCode", errorCode);
        }
        return parameters;
    }

    private static ValidatableResponse twilio(Map<String, String> parameters) {
        return RestAssured.given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", WebhookSigner.twilio(TWILIO_TOKEN, TWILIO_URL, parameters))
                .body(form(parameters)).post("/webhooks/twilio").then();
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
