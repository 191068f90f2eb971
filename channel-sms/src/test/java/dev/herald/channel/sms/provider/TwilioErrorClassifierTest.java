package dev.herald.channel.sms.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import dev.herald.channel.core.provider.SendOutcome;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwilioErrorClassifierTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final String TO = "+436641234567";

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "400, 21211, invalid 'To' number",
            "400, 21614, 'To' is not a mobile number",
            "400, 21612, Twilio cannot route to 'To'",
            "400, 21610, recipient unsubscribed",
            "400, 21408, account has no permission to send to this region",
            "400, 21606, 'From' cannot send messages to this number",
            "400, 21659, 'From' is not a valid sender",
            "401, 20003, Twilio refused the account SID or auth token",
            "404, 20404, not found"})
    void treatsTwiliosRecipientSenderAndCredentialErrorsAsPermanent(int status, int code, String meaning) {
        SendOutcome.PermanentFailure failure = assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(status, code, "Twilio says no", null));

        assertEquals("twilio_" + code, failure.code());
        assertTrue(failure.reason().startsWith(meaning), failure.reason());
        assertTrue(failure.reason().endsWith(": Twilio says no"), failure.reason());
    }

    @ParameterizedTest
    @CsvSource({"21211, invalid_number", "21614, invalid_number", "21610, unsubscribed"})
    void reportsTheNumberAsDeadWhereTwiliosCodeSaysItIs(int code, String hygiene) {
        SendOutcome.PermanentFailure failure = assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(400, code, "Twilio says no", null));

        assertEquals(1, failure.deadAddresses().size(), failure.toString());
        SendOutcome.DeadAddress dead = failure.deadAddresses().getFirst();
        assertEquals(TO, dead.address());
        assertEquals(hygiene, dead.reason());
        assertEquals("twilio_" + code + ": " + failure.reason(), dead.detail());
    }

    @ParameterizedTest
    @CsvSource({"400, 21612", "400, 21408", "400, 21606", "401, 20003", "400, 21617"})
    void reportsNoDeadNumberForFailuresThatSayNothingAboutTheNumber(int status, int code) {
        assertEquals(List.of(), assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(status, code, "Twilio says no", null)).deadAddresses());
    }

    @Test
    void treatsOtherClientErrorsAsPermanent() {
        assertEquals(new SendOutcome.PermanentFailure("twilio_21617", "request refused: body too long"),
                classify(400, 21617, "body too long", null));
        assertEquals("http_403", assertInstanceOf(SendOutcome.PermanentFailure.class,
                TwilioErrorClassifier.classify(new ApiException("Forbidden", 403), answer(403, null), TO, NOW)).code());
    }

    @Test
    void retriesARateLimitNoSoonerThanItsRetryAfter() {
        SendOutcome.TransientFailure limited = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(429, 20429, "Too Many Requests", "30"));
        SendOutcome.TransientFailure limitedUntil = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(429, null, "slow down", "Fri, 01 Mar 2030 12:02:00 GMT"));

        assertEquals("twilio_20429", limited.code());
        assertEquals(Optional.of(Duration.ofSeconds(30)), limited.retryAfter());
        assertEquals("http_429", limitedUntil.code());
        assertEquals(Optional.of(Duration.ofMinutes(2)), limitedUntil.retryAfter());
        assertTrue(limited.rateLimited() && limitedUntil.rateLimited(), "a 429 slows the token bucket down");
    }

    @Test
    void retriesWhenTheSendersQueueIsFull() {
        assertEquals("twilio_21611", assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(400, 21611, "This 'From' number has exceeded the maximum number of queued messages", null))
                .code());
    }

    @Test
    void retriesServerErrorsHonouringRetryAfter() {
        SendOutcome.TransientFailure unavailable = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(503, 20503, "Service Unavailable", "10"));
        // The SDK's exception for a 5xx answer without a Twilio error body.
        SendOutcome.TransientFailure internal = assertInstanceOf(SendOutcome.TransientFailure.class,
                TwilioErrorClassifier.classify(new ApiException("Server Error, no content", 500), answer(500, null), TO,
                        NOW));

        assertEquals(Optional.of(Duration.ofSeconds(10)), unavailable.retryAfter());
        assertEquals("Twilio unavailable: Service Unavailable", unavailable.reason());
        assertEquals("http_500", internal.code());
        assertEquals(Optional.empty(), internal.retryAfter());
    }

    @Test
    void retriesARequestTimeout() {
        assertInstanceOf(SendOutcome.TransientFailure.class, classify(408, null, "Request Timeout", null));
    }

    @Test
    void takesTheStatusFromTwiliosErrorBodyWhenNoAnswerWasRecorded() {
        SendOutcome outcome = TwilioErrorClassifier.classify(twilioError(400, 21000, "unknown"), Optional.empty(), TO,
                NOW);

        assertEquals("twilio_21000", assertInstanceOf(SendOutcome.PermanentFailure.class, outcome).code());
    }

    @Test
    void retriesCallsThatGotNoAnswer() {
        assertEquals("timeout", noAnswer(new SocketTimeoutException("Read timed out")).code());
        assertEquals("connect_error", noAnswer(new HttpHostConnectException("Connection refused")).code());
        assertEquals("unknown_host", noAnswer(new UnknownHostException("api.twilio.invalid")).code());
        assertEquals("io_error", noAnswer(new SocketException("Connection reset")).code());
        assertEquals("connect_error", assertInstanceOf(SendOutcome.TransientFailure.class, TwilioErrorClassifier.classify(
                new ApiConnectionException("Message creation failed: Unable to connect to server"), Optional.empty(),
                TO, NOW)).code());
    }

    @Test
    void retriesAnSdkErrorItDoesNotKnowSoThatItEndsInTheDeadLetterQueue() {
        SendOutcome.TransientFailure failure = assertInstanceOf(SendOutcome.TransientFailure.class,
                TwilioErrorClassifier.classify(new ApiException("Bad URI: x"), Optional.empty(), TO, NOW));

        assertEquals("sdk_error", failure.code());
        assertEquals("ApiException: Bad URI: x", failure.reason());
    }

    @Test
    void treatsAnUnreadableAcceptanceAsSentRatherThanSendTwice() {
        SendOutcome outcome = TwilioErrorClassifier.classify(
                new ApiException("Unable to deserialize response: x"), answer(201, null), TO, NOW);

        assertEquals(new SendOutcome.Accepted(null), outcome);
    }

    private static SendOutcome classify(int status, Integer code, String message, String retryAfter) {
        ApiException failure = code == null ? new ApiException(message, status) : twilioError(status, code, message);
        return TwilioErrorClassifier.classify(failure, answer(status, retryAfter), TO, NOW);
    }

    private static SendOutcome.TransientFailure noAnswer(IOException cause) {
        // NetworkHttpClient wraps an I/O failure in a plain ApiException.
        return assertInstanceOf(SendOutcome.TransientFailure.class,
                TwilioErrorClassifier.classify(new ApiException(cause.getMessage(), cause), Optional.empty(), TO, NOW));
    }

    /** The exception the SDK throws for Twilio's JSON error body. */
    private static ApiException twilioError(int status, int code, String message) {
        String body = "{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
                + "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}";
        return new ApiException(RestException.fromJson(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), new ObjectMapper()));
    }

    private static Optional<TwilioHttpClient.Answer> answer(int status, String retryAfter) {
        return Optional.of(new TwilioHttpClient.Answer(status, retryAfter));
    }
}
