package dev.herald.sandbox.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhooks the sandbox sends back, received by a test server and verified the way the receiving side must verify
 * them: SendGrid's ECDSA signature against the served public key, Twilio's HMAC-SHA1 with the auth token.
 */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class SignedWebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "ACsandbox00000000000000000000000000";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    @Test
    void servesTheSendGridVerificationKeyAsSendGridShowsIt() throws Exception {
        PublicKey key = publicKey();

        assertThat(key).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) key).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void anAcceptedMailIsFollowedBySignedProcessedAndDeliveredEventsEchoingTheCustomArgs() throws Exception {
        String to = SandboxApi.uniqueEmail("reader");
        String notificationId = UUID.randomUUID().toString();
        String messageId = sendMail(to, notificationId);

        WebhookReceiver.Received batch = awaitSendGrid(to);
        String timestamp = batch.headers().get("x-twilio-email-event-webhook-timestamp");
        String signature = batch.headers().get("x-twilio-email-event-webhook-signature");
        assertThat(verify(publicKey(), timestamp, batch.body(), signature)).as("ECDSA signature").isTrue();
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
        byte[] tampered = new String(batch.body(), StandardCharsets.UTF_8).replace("delivered", "bounce")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verify(publicKey(), timestamp, tampered, signature)).as("a tampered body fails").isFalse();

        List<JsonNode> events = eventsOf(batch, to);
        assertThat(events).extracting(event -> event.path("event").asText()).containsExactly("processed", "delivered");
        for (JsonNode event : events) {
            assertThat(event.path("email").asText()).isEqualTo(to);
            assertThat(event.path("sg_message_id").asText()).startsWith(messageId + ".");
            assertThat(event.path("herald_notification_id").asText()).isEqualTo(notificationId);
            assertThat(event.path("herald_tenant").asText()).isEqualTo("default");
            assertThat(event.path("sg_event_id").asText()).isNotBlank();
            assertThat(event.path("timestamp").isIntegralNumber()).isTrue();
        }
        assertThat(events.get(0).path("sg_event_id").asText()).isNotEqualTo(events.get(1).path("sg_event_id").asText());
    }

    @Test
    void magicAddressesBounceDropAndReportSpam() throws Exception {
        String bounce = SandboxApi.uniqueEmail("bounce");
        String dropped = SandboxApi.uniqueEmail("dropped");
        String spam = SandboxApi.uniqueEmail("spamreport");
        for (String to : List.of(bounce, dropped, spam)) {
            sendMail(to, UUID.randomUUID().toString());
        }

        List<JsonNode> bounced = eventsOf(awaitSendGrid(bounce), bounce);
        assertThat(bounced).extracting(event -> event.path("event").asText()).containsExactly("processed", "bounce");
        assertThat(bounced.get(1).path("type").asText()).isEqualTo("bounce");
        assertThat(bounced.get(1).path("status").asText()).isEqualTo("5.1.1");
        List<JsonNode> drop = eventsOf(awaitSendGrid(dropped), dropped);
        assertThat(drop).extracting(event -> event.path("event").asText()).containsExactly("dropped");
        assertThat(drop.get(0).path("reason").asText()).isEqualTo("Bounced Address");
        assertThat(eventsOf(awaitSendGrid(spam), spam)).extracting(event -> event.path("event").asText())
                .containsExactly("processed", "delivered", "spamreport");
    }

    @Test
    void eventsOfMailsSentTogetherShareSignedRequestsOfAtMostTheBatchLimit() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String to = SandboxApi.uniqueEmail("batched");
            recipients.add(to);
            sendMail(to, UUID.randomUUID().toString());
        }

        List<WebhookReceiver.Received> requests = await().atMost(Duration.ofSeconds(10)).until(
                () -> WebhookReceiver.received().stream().filter(received -> received.path().equals("/sendgrid"))
                        .filter(received -> recipients.stream().anyMatch(to -> text(received).contains(to))).toList(),
                found -> recipients.stream().allMatch(to -> found.stream().anyMatch(r -> text(r).contains(to))));
        List<String> delivered = new ArrayList<>();
        for (WebhookReceiver.Received request : requests) {
            String timestamp = request.headers().get("x-twilio-email-event-webhook-timestamp");
            assertThat(verify(publicKey(), timestamp, request.body(),
                    request.headers().get("x-twilio-email-event-webhook-signature"))).as("ECDSA signature").isTrue();
            JsonNode events = JSON.readTree(request.body());
            assertThat(events.size()).as("events in one request").isLessThanOrEqualTo(6);
            events.forEach(event -> {
                if (event.path("event").asText().equals("delivered")) {
                    delivered.add(event.path("email").asText());
                }
            });
        }
        assertThat(delivered).as("each mail's delivered event, once").containsExactlyInAnyOrderElementsOf(recipients);
        assertThat(requests).as("requests for 5 mails sent together").hasSizeLessThan(5);
    }

    @Test
    void aQueuedSmsGetsSignedSentAndDeliveredCallbacksAtItsStatusCallback() {
        String to = uniqueNumber();
        String callback = WebhookReceiver.base() + "/callbacks/" + UUID.randomUUID();
        String sid = sendSms(to, callback);

        List<WebhookReceiver.Received> callbacks = awaitCallbacks(callback, 2);
        List<String> statuses = new ArrayList<>();
        for (WebhookReceiver.Received received : callbacks) {
            Map<String, String> parameters = form(received.body());
            assertThat(received.headers().get("x-twilio-signature"))
                    .isEqualTo(twilioSignature("sandbox-token", callback, parameters));
            assertThat(parameters).containsEntry("MessageSid", sid).containsEntry("To", to)
                    .containsEntry("AccountSid", SID).doesNotContainKey("ErrorCode");
            statuses.add(parameters.get("MessageStatus"));
        }
        assertThat(statuses).containsExactlyInAnyOrder("sent", "delivered");
    }

    @Test
    void magicNumbersEndUndeliveredOrFailedWithTwilioErrorCodes() {
        String undeliverable = WebhookReceiver.base() + "/callbacks/" + UUID.randomUUID();
        String failing = WebhookReceiver.base() + "/callbacks/" + UUID.randomUUID();
        sendSms("+15005550010", undeliverable);
        sendSms("+15005550012", failing);

        assertThat(finalCallback(undeliverable)).containsEntry("MessageStatus", "undelivered")
                .containsEntry("ErrorCode", "30005");
        assertThat(finalCallback(failing)).containsEntry("MessageStatus", "failed").containsEntry("ErrorCode", "30008");
        SandboxApi.messagesTo("+15005550010").body("[-1].outcome", org.hamcrest.Matchers.equalTo("undelivered"));
    }

    @Test
    void aMessageWithoutStatusCallbackUsesTheConfiguredDefault() {
        String to = uniqueNumber();
        String sid = given().auth().preemptive().basic(SID, "sandbox-token")
                .formParam("To", to).formParam("From", "+15005550006").formParam("Body", "hi")
                .when().post(MESSAGES).then().statusCode(201).extract().path("sid");

        await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiver.received().stream()
                .filter(received -> received.path().equals("/twilio"))
                .anyMatch(received -> sid.equals(form(received.body()).get("MessageSid"))));
    }

    @Test
    void aFailingReceiverIsRetried() {
        String flaky = WebhookReceiver.base() + "/flaky/" + UUID.randomUUID();
        sendSms(uniqueNumber(), flaky);

        awaitCallbacks(flaky, 2);
        assertThat(WebhookReceiver.calls(flaky.substring(WebhookReceiver.base().length()))).isEqualTo(3);
        given().get("/sandbox/webhooks").then().statusCode(200)
                .body("delivered", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    // --- helpers

    private static String sendMail(String to, String notificationId) {
        String body = """
                {"personalizations":[{"to":[{"email":"%s"}]}],"from":{"email":"noreply@herald.dev"},
                 "subject":"Your order shipped","content":[{"type":"text/plain","value":"It is on its way."}],
                 "custom_args":{"herald_notification_id":"%s","herald_tenant":"default"}}""".formatted(to, notificationId);
        return given().header("Authorization", "Bearer SG.sandbox-key").contentType(ContentType.JSON).body(body)
                .when().post("/v3/mail/send").then().statusCode(202).extract().header("X-Message-Id");
    }

    private static String sendSms(String to, String statusCallback) {
        return given().auth().preemptive().basic(SID, "sandbox-token")
                .formParam("To", to).formParam("From", "+15005550006").formParam("Body", "hi")
                .formParam("StatusCallback", statusCallback)
                .when().post(MESSAGES).then().statusCode(201).extract().path("sid");
    }

    private static WebhookReceiver.Received awaitSendGrid(String to) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiver.received().stream()
                        .filter(received -> received.path().equals("/sendgrid"))
                        .filter(received -> new String(received.body(), StandardCharsets.UTF_8).contains(to))
                        .findFirst(), java.util.Optional::isPresent).get();
    }

    /** The events of one recipient in a batch that may hold other mails' events too. */
    private static List<JsonNode> eventsOf(WebhookReceiver.Received batch, String to) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(batch.body()).forEach(event -> {
            if (event.path("email").asText().equals(to)) {
                events.add(event);
            }
        });
        return events;
    }

    private static String text(WebhookReceiver.Received received) {
        return new String(received.body(), StandardCharsets.UTF_8);
    }

    private static List<WebhookReceiver.Received> awaitCallbacks(String url, int count) {
        String path = url.substring(WebhookReceiver.base().length());
        return await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiver.received().stream()
                .filter(received -> received.path().equals(path)).toList(), list -> list.size() >= count);
    }

    private static Map<String, String> finalCallback(String url) {
        return awaitCallbacks(url, 2).stream().map(received -> form(received.body()))
                .filter(parameters -> !"sent".equals(parameters.get("MessageStatus"))).findFirst().orElseThrow();
    }

    private static PublicKey publicKey() throws Exception {
        String key = given().get("/sandbox/webhooks/sendgrid/public-key").then().statusCode(200).extract().asString();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.strip())));
    }

    private static boolean verify(PublicKey key, String timestamp, byte[] body, String signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
        verifier.update(body);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    /** Twilio's algorithm, written out independently of the sandbox's. */
    private static String twilioSignature(String token, String url, Map<String, String> parameters) {
        try {
            StringBuilder data = new StringBuilder(url);
            new TreeMap<>(parameters).forEach((name, value) -> data.append(name).append(value));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String uniqueNumber() {
        return "+1415" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }
}
