package dev.herald.channel.email.provider;

import com.sendgrid.Response;
import dev.herald.channel.core.provider.SendOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendGridResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    @Test
    void acceptsA202WithTheMessageIdWhateverTheHeadersCase() {
        SendOutcome outcome = classify(202, "", Map.of("x-message-id", "abc123"));

        assertEquals(new SendOutcome.Accepted("abc123"), outcome);
    }

    @Test
    void treatsBadRequestsAndOversizedPayloadsAsPermanent() {
        SendOutcome badRequest = classify(400,
                "{\"errors\":[{\"message\":\"The subject is required.\",\"field\":\"subject\"}]}", Map.of());
        SendOutcome tooLarge = classify(413, "", Map.of());

        assertEquals(new SendOutcome.PermanentFailure("http_400", "bad request: subject: The subject is required."), badRequest);
        assertEquals("http_413", assertInstanceOf(SendOutcome.PermanentFailure.class, tooLarge).code());
    }

    @Test
    void treatsRefusedCredentialsAsPermanent() {
        assertEquals("http_401", assertInstanceOf(SendOutcome.PermanentFailure.class, classify(401, "", Map.of())).code());
        assertEquals("http_403", assertInstanceOf(SendOutcome.PermanentFailure.class, classify(403, "", Map.of())).code());
    }

    @Test
    void retriesARateLimitNoSoonerThanItsRetryAfter() {
        SendOutcome.TransientFailure outcome = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(429, "", Map.of("Retry-After", "45")));

        assertEquals("http_429", outcome.code());
        assertEquals(Optional.of(Duration.ofSeconds(45)), outcome.retryAfter());
        assertTrue(outcome.rateLimited(), "a 429 slows the token bucket down");
    }

    @Test
    void retriesServerErrors() {
        SendOutcome.TransientFailure unavailable = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(503, "down", Map.of("Retry-After", "10")));
        SendOutcome.TransientFailure internal = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(500, "", Map.of()));

        assertEquals(Optional.of(Duration.ofSeconds(10)), unavailable.retryAfter());
        assertTrue(unavailable.reason().endsWith(": down"), unavailable.reason());
        assertEquals(Optional.empty(), internal.retryAfter());
        assertFalse(unavailable.rateLimited(), "an outage is no rate limit: the bucket keeps its rate");
    }

    @Test
    void treatsOtherClientErrorsAsPermanentButARequestTimeoutAsTransient() {
        assertInstanceOf(SendOutcome.PermanentFailure.class, classify(404, "", Map.of()));
        assertInstanceOf(SendOutcome.TransientFailure.class, classify(408, "", Map.of()));
    }

    @Test
    void retriesNetworkErrorsAndTimeouts() {
        assertEquals("timeout", assertInstanceOf(SendOutcome.TransientFailure.class,
                SendGridResponseClassifier.classify(new SocketTimeoutException("Read timed out"))).code());
        assertEquals("connect_error", assertInstanceOf(SendOutcome.TransientFailure.class,
                SendGridResponseClassifier.classify(new ConnectException("Connection refused"))).code());
        assertEquals("io_error", assertInstanceOf(SendOutcome.TransientFailure.class,
                SendGridResponseClassifier.classify(new IOException("Connection reset"))).code());
    }

    private static SendOutcome classify(int status, String body, Map<String, String> headers) {
        return SendGridResponseClassifier.classify(new Response(status, body, headers), NOW);
    }
}
