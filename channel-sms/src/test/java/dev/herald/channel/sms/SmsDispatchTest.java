package dev.herald.channel.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.channel.sms.service.SegmentCalculator;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SmsDispatchTest {

    private static final String SENDER = "+15005550006";

    /** Set by {@link WireMockTwilio}. */
    WireMockServer twilio;

    @Inject
    BrokerProbe broker;

    /** A busy shared broker can keep the connector waiting; each test starts once the dispatch consumer is ready. */
    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    @Test
    void sendsTheRenderedTextThroughTwilioAndReportsSentWithTheMessageSid() {
        String number = uniqueNumber();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        answer(number, aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"sid\": \"" + sid + "\", \"status\": \"queued\", \"to\": \"" + number + "\"}"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number,
                Map.of("orderId", "A-1001", "carrier", "DHL"), 1, Instant.now().plusSeconds(600));

        broker.publishDispatch(dispatch);

        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("twilio", sent.provider());
        assertEquals(sid, sent.providerMessageId());
        assertEquals(1, sent.attempt());

        LoggedRequest request = onlyRequestTo(number);
        assertEquals(WireMockTwilio.MESSAGES, request.getUrl());
        assertEquals("Basic " + Base64.getEncoder().encodeToString(
                (WireMockTwilio.ACCOUNT_SID + ":sandbox-token").getBytes(StandardCharsets.UTF_8)),
                request.getHeader("Authorization"));
        assertEquals(number, request.formParameter("To").firstValue());
        assertEquals(SENDER, request.formParameter("From").firstValue());
        assertEquals("Your order A-1001 has shipped with DHL.", request.formParameter("Body").firstValue());
        assertEquals("https://herald.test/webhooks/twilio", request.formParameter("StatusCallback").firstValue());
        int validity = Integer.parseInt(request.formParameter("ValidityPeriod").firstValue());
        assertTrue(validity > 500 && validity <= 600, "ValidityPeriod " + validity);
    }

    @Test
    void rendersTheLanguageOfARegionalLocale() {
        String number = uniqueNumber();
        DispatchMessage dispatch = dispatch("order.shipped", "de-AT", number, Map.of("orderId", "B-7"), 1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("Ihre Bestellung B-7 wurde versandt.", onlyRequestTo(number).formParameter("Body").firstValue());
    }

    @Test
    void usesTheGenericTemplateForATypeWithoutTemplates() {
        String number = uniqueNumber();
        DispatchMessage dispatch = dispatch("account.password-changed", "en", number, Map.of("device", "Pixel <8>"),
                1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("account.password-changed\ndevice: Pixel <8>",
                onlyRequestTo(number).formParameter("Body").firstValue());
    }

    @Test
    void cutsALongTextToTheConfiguredNumberOfSegments() {
        String number = uniqueNumber();
        DispatchMessage dispatch = dispatch("account.notice", "en", number, Map.of("note", "All good. ".repeat(100)),
                1, null);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        String body = onlyRequestTo(number).formParameter("Body").firstValue();
        assertTrue(body.startsWith("account.notice\nnote: All good. All good."), body);
        assertTrue(body.endsWith("..."), body);
        SegmentCalculator.Measurement measured = SegmentCalculator.measure(body);
        assertEquals(SegmentCalculator.Encoding.GSM_7, measured.encoding());
        assertEquals(3, measured.segments());
        assertTrue(measured.units() > 3 * 153 - 10, "a cut text fills its segments: " + measured);
    }

    @Test
    void reportsFailedWithTwilioCodeForAnInvalidNumber() {
        String number = uniqueNumber();
        answer(number, twilioError(400, 21211, "The 'To' number " + number + " is not a valid phone number."));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "C-3"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals("twilio", failed.provider());
        assertTrue(failed.reason().startsWith("twilio_21211 (invalid 'To' number: "), failed.reason());
        assertFalse(failed.reason().contains(number), "the number is masked: " + failed.reason());
        assertEquals(1, twilio.findAll(requestsTo(number)).size());
    }

    @Test
    void reportsAnInvalidNumberToHygieneSoThatItIsSuppressed() {
        String number = uniqueNumber();
        answer(number, twilioError(400, 21211, "The 'To' number " + number + " is not a valid phone number."));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "C-4"), 1, null);

        broker.publishDispatch(dispatch);

        SuppressionMessage suppression = broker.awaitSuppression(
                message -> dispatch.notificationId().equals(message.notificationId()));
        assertEquals(SuppressionMessage.SCHEMA_VERSION, suppression.schemaVersion());
        assertEquals("default", suppression.tenant());
        assertEquals(Channel.SMS, suppression.channel());
        assertEquals(number, suppression.address());
        assertEquals("invalid_number", suppression.reason());
        assertTrue(suppression.detail().startsWith("twilio_21211: invalid 'To' number: "), suppression.detail());
        assertFalse(suppression.detail().contains(number), "the number is masked: " + suppression.detail());
        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals(failed.at(), suppression.at());
        assertEquals(1, broker.suppressionsOf(dispatch.notificationId()).size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(quoteCharacter = '"', value = {
            "400, 21610, Attempt to send to unsubscribed recipient, recipient unsubscribed (replied STOP), unsubscribed",
            "401, 20003, Authenticate, Twilio refused the account SID or auth token, "})
    void reportsFailedWithoutRetryingWhatARetryCannotFix(int status, int code, String message, String meaning,
            String hygiene) {
        String number = uniqueNumber();
        answer(number, twilioError(status, code, message));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "D-4"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals("twilio_" + code + " (" + meaning + ": " + message + ")", failed.reason());
        assertEquals(1, twilio.findAll(requestsTo(number)).size());
        if (hygiene != null) {
            assertEquals(hygiene, broker.awaitSuppression(
                    suppression -> dispatch.notificationId().equals(suppression.notificationId())).reason());
        } else {
            // The status and any hygiene message are confirmed before the ack; credentials say nothing of the number.
            assertEquals(List.of(), broker.suppressionsOf(dispatch.notificationId()));
        }
    }

    @Test
    void waitsAtLeastAsLongAsARateLimitsRetryAfter() {
        String number = uniqueNumber();
        answer(number, twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "45"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "F-6"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertEquals(1, retrying.attempt());
        assertTrue(retrying.reason().contains("twilio_20429 (too many requests"), retrying.reason());
        assertTrue(retrying.reason().endsWith("next attempt in 1m"), retrying.reason());
        BrokerProbe.Delivery parked = broker.awaitMessage(Topology.retryQueue(Channel.SMS, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(2, ((Number) parked.headers().get(MessageHeaders.ATTEMPT)).intValue());
        assertEquals(1, twilio.findAll(requestsTo(number)).size());
    }

    @Test
    void retriesAnOutageThroughTheBrokerAndSendsOnTheNextAttempt() {
        String number = uniqueNumber();
        String scenario = "outage-" + number;
        twilio.stubFor(post(urlEqualTo(WireMockTwilio.MESSAGES)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .withFormParam("To", equalTo(number))
                .willReturn(twilioError(503, 20503, "Service Unavailable")));
        twilio.stubFor(post(urlEqualTo(WireMockTwilio.MESSAGES)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs("recovered")
                .withFormParam("To", equalTo(number))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SMafter0utage\", \"status\": \"queued\"}")));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "G-7"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertTrue(retrying.reason().contains("twilio_20503 (Twilio unavailable: Service Unavailable)"),
                retrying.reason());
        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals(2, sent.attempt());
        assertEquals("SMafter0utage", sent.providerMessageId());
        assertEquals(2, twilio.findAll(requestsTo(number)).size());
    }

    @Test
    void retriesWhenTwilioDoesNotAnswerInTime() {
        String number = uniqueNumber();
        answer(number, aResponse().withStatus(201).withFixedDelay(4_000));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "H-8"), 2, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertEquals(2, retrying.attempt());
        assertTrue(retrying.reason().contains("failed: timeout ("), retrying.reason());
        broker.awaitMessage(Topology.retryQueue(Channel.SMS, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
    }

    @Test
    void retriesWhenTwilioDropsTheConnection() {
        String number = uniqueNumber();
        answer(number, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "I-9"), 2, null);

        broker.publishDispatch(dispatch);

        StatusMessage retrying = broker.awaitStatus(dispatch.notificationId(), NotificationState.RETRYING);
        assertTrue(retrying.reason().contains("failed: io_error ("), retrying.reason());
    }

    @Test
    void reportsFailedWithoutCallingTwilioForANumberThatIsNotE164() {
        String number = "0664 " + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        DispatchMessage dispatch = dispatch("order.shipped", "en", number, Map.of("orderId", "J-10"), 1, null);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertEquals("invalid_number (the recipient has no valid E.164 phone number)", failed.reason());
        assertTrue(twilio.findAll(requestsTo(number)).isEmpty());
    }

    /** Makes Twilio answer every message to {@code number} with {@code response}. */
    private void answer(String number, ResponseDefinitionBuilder response) {
        twilio.stubFor(post(urlEqualTo(WireMockTwilio.MESSAGES)).atPriority(1)
                .withFormParam("To", equalTo(number))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
                        + "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}");
    }

    private static RequestPatternBuilder requestsTo(String number) {
        return postRequestedFor(urlEqualTo(WireMockTwilio.MESSAGES)).withFormParam("To", equalTo(number));
    }

    private LoggedRequest onlyRequestTo(String number) {
        List<LoggedRequest> requests = twilio.findAll(requestsTo(number));
        assertEquals(1, requests.size(), "requests to " + number);
        return requests.getFirst();
    }

    /** An Austrian mobile number no other test uses. */
    private static String uniqueNumber() {
        return "+43664" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    private static DispatchMessage dispatch(String type, String locale, String number, Map<String, Object> data,
            int attempt, Instant expiresAt) {
        return ChannelDispatches.dispatch(Channel.SMS, type, locale, number, data, attempt, expiresAt);
    }
}
