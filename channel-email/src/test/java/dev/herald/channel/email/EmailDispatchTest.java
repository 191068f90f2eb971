package dev.herald.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.rabbitmq.client.AMQP;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class EmailDispatchTest {

    private static final String MAIL_SEND = "/v3/mail/send";

    /** Set by {@link WireMockSendGrid}. */
    WireMockServer sendGrid;

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerProbe broker;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    @Test
    void sendsSubjectHtmlAndTextThroughSendGridAndReportsSentWithTheMessageId() throws Exception {
        String address = uniqueAddress();
        String messageId = "sg-" + UUID.randomUUID();
        stub(address, aResponse().withStatus(202).withHeader("X-Message-Id", messageId));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of(
                "orderId", "A-1001",
                "carrier", "<DHL & \"Sons\">",
                "items", List.of(Map.of("name", "Tea", "quantity", 2))), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("sendgrid", sent.provider());
        assertEquals(messageId, sent.providerMessageId());
        assertEquals(1, sent.attempt());

        LoggedRequest request = onlyRequestTo(address);
        assertEquals("Bearer SG.sandbox-key", request.getHeader("Authorization"));
        JsonNode mail = json.readTree(request.getBodyAsString());
        assertEquals("Your order A-1001 has shipped", mail.path("subject").asText());
        assertEquals("notifications@herald.test", mail.path("from").path("email").asText());
        assertEquals(address, mail.path("personalizations").path(0).path("to").path(0).path("email").asText());
        assertEquals(dispatch.notificationId().toString(), mail.path("custom_args").path("herald_notification_id").asText());

        JsonNode text = mail.path("content").path(0);
        assertEquals("text/plain", text.path("type").asText());
        assertTrue(text.path("value").asText().contains("your order A-1001 is on its way with <DHL & \"Sons\">."),
                text.path("value").asText());
        assertTrue(text.path("value").asText().contains("- 2 x Tea"), text.path("value").asText());

        JsonNode html = mail.path("content").path(1);
        assertEquals("text/html", html.path("type").asText());
        assertTrue(html.path("value").asText().contains("with &lt;DHL &amp; &quot;Sons&quot;&gt;."), html.path("value").asText());
        assertFalse(html.path("value").asText().contains("<DHL"), html.path("value").asText());
    }

    @Test
    void offersOneClickUnsubscribeOnANonCriticalEmailButNotOnACriticalOne() throws Exception {
        String url = "https://herald.example/unsubscribe?token=v1.abc.def";
        DispatchMessage plain = dispatch("order.shipped", "en", uniqueAddress(), Map.of("orderId", "K-1"), 1, null);
        DispatchMessage newsletter = withUnsubscribe(plain, false, url);
        DispatchMessage alert = withUnsubscribe(
                dispatch("order.shipped", "en", uniqueAddress(), Map.of("orderId", "K-2"), 1, null), true, url);

        broker.publishDispatch(newsletter);
        broker.publishDispatch(alert);

        broker.awaitStatus(newsletter.notificationId(), NotificationState.SENT);
        broker.awaitStatus(alert.notificationId(), NotificationState.SENT);
        JsonNode headers = json.readTree(onlyRequestTo(newsletter.address()).getBodyAsString()).path("headers");
        assertEquals("<" + url + ">", headers.path("List-Unsubscribe").asText());
        assertEquals("List-Unsubscribe=One-Click", headers.path("List-Unsubscribe-Post").asText());
        JsonNode critical = json.readTree(onlyRequestTo(alert.address()).getBodyAsString());
        assertTrue(critical.path("headers").isMissingNode(), critical.toString());
    }

    private static DispatchMessage withUnsubscribe(DispatchMessage dispatch, boolean critical, String unsubscribeUrl) {
        return new DispatchMessage(dispatch.schemaVersion(), dispatch.notificationId(), dispatch.eventId(), dispatch.tenant(),
                dispatch.type(), dispatch.category(), dispatch.userId(), dispatch.channel(), dispatch.address(),
                dispatch.locale(), dispatch.data(), dispatch.attempt(), dispatch.expiresAt(), critical, unsubscribeUrl);
    }

    @Test
    void rendersTheLanguageOfARegionalLocale() throws Exception {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("order.shipped", "de-AT", address, Map.of("orderId", "B-7"), 1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        JsonNode mail = json.readTree(onlyRequestTo(address).getBodyAsString());
        assertEquals("Ihre Bestellung B-7 ist unterwegs", mail.path("subject").asText());
        assertTrue(mail.path("content").path(0).path("value").asText().startsWith("Gute Nachricht"));
    }

    @Test
    void fallsBackToTheDefaultLocaleForALanguageWithoutTemplates() throws Exception {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("order.shipped", "fr-FR", address, Map.of("orderId", "C-3"), 1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("Your order C-3 has shipped",
                json.readTree(onlyRequestTo(address).getBodyAsString()).path("subject").asText());
    }

    @Test
    void usesTheGenericTemplateForATypeWithoutTemplates() throws Exception {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("account.password-changed", "de", address,
                Map.of("device", "<script>alert(1)</script>"), 1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        JsonNode mail = json.readTree(onlyRequestTo(address).getBodyAsString());
        assertEquals("Notification: account.password-changed", mail.path("subject").asText());
        assertTrue(mail.path("content").path(0).path("value").asText().contains("device: <script>alert(1)</script>"));
        String html = mail.path("content").path(1).path("value").asText();
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    }

    @Test
    void reportsFailedWithSendGridsReasonForABadRequest() throws Exception {
        String address = uniqueAddress();
        stub(address, aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                "{\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":\"personalizations.0.to.0.email\"}]}"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "D-4"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals("sendgrid", failed.provider());
        assertTrue(failed.reason().startsWith("http_400"), failed.reason());
        assertTrue(failed.reason().contains("personalizations.0.to.0.email: Does not contain a valid address."), failed.reason());
        assertEquals(1, sendGrid.findAll(requestsTo(address)).size());
    }

    @Test
    void retriesAProviderOutageThroughTheBrokerAndSendsOnTheNextAttempt() {
        String address = uniqueAddress();
        String scenario = "outage-" + address;
        sendGrid.stubFor(post(urlEqualTo(MAIL_SEND)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(address)))
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
        sendGrid.stubFor(post(urlEqualTo(MAIL_SEND)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs("recovered")
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(address)))
                .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "after-outage")));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "E-5"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertEquals(1, retrying.attempt());
        assertEquals("sendgrid", retrying.provider());
        assertTrue(retrying.reason().contains("http_503 (SendGrid unavailable: upstream unavailable)"), retrying.reason());
        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals(2, sent.attempt());
        assertEquals("after-outage", sent.providerMessageId());
        assertEquals(2, sendGrid.findAll(requestsTo(address)).size());
    }

    @Test
    void parksTheNextAttemptInTheRetryTierOfTheFailedAttempt() throws Exception {
        String address = uniqueAddress();
        stub(address, aResponse().withStatus(503));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "E-6"), 2, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertEquals(2, retrying.attempt());
        BrokerProbe.Delivery parked = broker.awaitMessage(Topology.retryQueue(Channel.EMAIL, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(3, ((Number) parked.headers().get(MessageHeaders.ATTEMPT)).intValue());
        assertEquals(3, json.readValue(parked.body(), DispatchMessage.class).attempt());
    }

    @Test
    void waitsAtLeastAsLongAsARateLimitsRetryAfter() {
        String address = uniqueAddress();
        stub(address, aResponse().withStatus(429).withHeader("Retry-After", "45"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "F-6"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertTrue(retrying.reason().endsWith("next attempt in 1m"), retrying.reason());
        broker.awaitMessage(Topology.retryQueue(Channel.EMAIL, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(1, sendGrid.findAll(requestsTo(address)).size());
    }

    @Test
    void parksARetryAfterLongerThanEveryTierWithTheProvidersTimeAsTheEarliestNextAttempt() {
        String address = uniqueAddress();
        stub(address, aResponse().withStatus(503).withHeader("Retry-After", "600"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "F-7"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertTrue(retrying.reason().endsWith("next attempt in 10m (Retry-After)"), retrying.reason());
        BrokerProbe.Delivery parked = broker.awaitMessage(Topology.retryQueue(Channel.EMAIL, Duration.ofMinutes(5)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        long notBefore = ((Number) parked.headers().get(MessageHeaders.NOT_BEFORE)).longValue();
        assertTrue(notBefore >= Instant.now().plusSeconds(590).toEpochMilli(), Instant.ofEpochMilli(notBefore).toString());
    }

    @Test
    void parksADispatchBackFromItsTierBeforeItsEarliestAttemptAgainWithoutSending() throws Exception {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "F-8"), 2, null);
        long notBefore = Instant.now().plusSeconds(30).toEpochMilli();

        publisher.publish(Topology.DISPATCH_EXCHANGE, Channel.EMAIL.wireName(), dispatch, TraceParent.newTrace(),
                Map.of(MessageHeaders.ATTEMPT, 2, MessageHeaders.NOT_BEFORE, notBefore)).get(5, TimeUnit.SECONDS);

        BrokerProbe.Delivery parked = broker.awaitMessage(Topology.retryQueue(Channel.EMAIL, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(notBefore, ((Number) parked.headers().get(MessageHeaders.NOT_BEFORE)).longValue());
        assertEquals(2, ((Number) parked.headers().get(MessageHeaders.ATTEMPT)).intValue());
        assertTrue(sendGrid.findAll(requestsTo(address)).isEmpty());
        assertTrue(broker.statusesOf(dispatch.notificationId()).isEmpty());
    }

    @Test
    void deadLettersADispatchWhoseLastAttemptFails() {
        String address = uniqueAddress();
        stub(address, aResponse().withStatus(500));
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "G-7"), 5, null);

        broker.publishDispatch(dispatch);

        StatusMessage deadLettered = broker.awaitStatus(dispatch.notificationId(), NotificationState.DEAD_LETTERED);
        assertEquals(5, deadLettered.attempt());
        BrokerProbe.Delivery letter = broker.awaitMessage(Topology.deadLetterQueue(Channel.EMAIL),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        String reason = (String) letter.headers().get(MessageHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("gave up after 5 attempts; last error http_500"), reason);
    }

    @Test
    void expiresADispatchPastItsExpiryWithoutCallingSendGrid() {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("orderId", "H-8"), 1,
                Instant.now().minusSeconds(60));

        broker.publishDispatch(dispatch);

        StatusMessage expired = broker.awaitStatus(dispatch.notificationId(), NotificationState.EXPIRED);
        assertNull(expired.provider());
        assertTrue(sendGrid.findAll(requestsTo(address)).isEmpty());
    }

    @Test
    void reportsFailedWithoutCallingSendGridWhenTheTemplateCannotBeRendered() {
        String address = uniqueAddress();
        DispatchMessage dispatch = dispatch("order.shipped", "en", address, Map.of("carrier", "DHL"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertTrue(failed.reason().startsWith("template: template email/order.shipped.en."), failed.reason());
        assertTrue(failed.reason().contains("orderId"), failed.reason());
        assertTrue(sendGrid.findAll(requestsTo(address)).isEmpty());
    }

    @Test
    void reportsFailedWithoutCallingSendGridForARecipientWithoutEmailAddress() {
        DispatchMessage dispatch = dispatch("order.shipped", "en", "not-an-address", Map.of("orderId", "I-9"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertTrue(failed.reason().startsWith("invalid_address"), failed.reason());
        assertTrue(sendGrid.findAll(requestsTo("not-an-address")).isEmpty());
    }

    @Test
    void deadLettersAnUndecodableMessage() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).build();

        publisher.publishRaw(Topology.DISPATCH_EXCHANGE, Channel.EMAIL.wireName(), properties,
                ("{\"notificationId\": \"" + marker).getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);

        broker.awaitMessage(Topology.deadLetterQueue(Channel.EMAIL), delivery -> delivery.body().contains(marker));
    }

    @Test
    void deadLettersADispatchMeantForAnotherChannel() throws Exception {
        DispatchMessage email = dispatch("order.shipped", "en", uniqueAddress(), Map.of("orderId", "J-10"), 1, null);
        UUID notificationId = NotificationIds.notificationId(email.eventId(), email.userId(), Channel.SMS);
        DispatchMessage sms = new DispatchMessage(email.schemaVersion(), notificationId, email.eventId(), email.tenant(),
                email.type(), email.category(), email.userId(), Channel.SMS, "+436641234567", email.locale(),
                email.data(), 1, null);

        publisher.publish(Topology.DISPATCH_EXCHANGE, Channel.EMAIL.wireName(), sms, TraceParent.newTrace())
                .get(5, TimeUnit.SECONDS);

        broker.awaitMessage(Topology.deadLetterQueue(Channel.EMAIL),
                delivery -> delivery.body().contains(notificationId.toString()));
        assertTrue(broker.statusesOf(notificationId).isEmpty());
    }

    private void stub(String address, ResponseDefinitionBuilder response) {
        sendGrid.stubFor(post(urlEqualTo(MAIL_SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(address)))
                .willReturn(response));
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder requestsTo(String address) {
        return postRequestedFor(urlEqualTo(MAIL_SEND))
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(address)));
    }

    private LoggedRequest onlyRequestTo(String address) {
        List<LoggedRequest> requests = sendGrid.findAll(requestsTo(address));
        assertEquals(1, requests.size(), "requests to " + address);
        return requests.getFirst();
    }

    private static String uniqueAddress() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private static DispatchMessage dispatch(String type, String locale, String address, Map<String, Object> data,
            int attempt, Instant expiresAt) {
        return ChannelDispatches.dispatch(Channel.EMAIL, type, locale, address, data, attempt, expiresAt);
    }
}
