package dev.herald.channel.slack.provider;

import com.google.gson.JsonSyntaxException;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.herald.channel.core.provider.SendOutcome;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    @Test
    void acceptsAnOkAnswerAsTheChannelSlackNamesAndTheTs() {
        ChatPostMessageResponse response = new ChatPostMessageResponse();
        response.setOk(true);
        response.setChannel("D0DM");
        response.setTs("1700000000.000100");

        assertEquals(new SendOutcome.Accepted("D0DM/1700000000.000100"),
                SlackResponseClassifier.classify(response, "U123", NOW));
    }

    @Test
    void fallsBackToTheRequestedChannelWhenSlackNamesNone() {
        ChatPostMessageResponse response = new ChatPostMessageResponse();
        response.setOk(true);
        response.setTs("1700000000.000100");

        assertEquals(new SendOutcome.Accepted("C123/1700000000.000100"),
                SlackResponseClassifier.classify(response, "C123", NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"channel_not_found", "not_in_channel", "is_archived", "user_not_found", "invalid_auth",
            "not_authed", "account_inactive", "token_revoked", "missing_scope", "msg_too_long", "invalid_blocks",
            "no_text"})
    void failsForGoodOnErrorsNoRetryCanFix(String error) {
        SendOutcome.PermanentFailure failure = assertInstanceOf(SendOutcome.PermanentFailure.class,
                SlackResponseClassifier.classify(failed(error), "C123", NOW));

        assertEquals(error, failure.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
    void retriesSlacksOwnFailures(String error) {
        SendOutcome.TransientFailure failure = assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(failed(error), "C123", NOW));

        assertEquals(error, failure.code());
    }

    @Test
    void takesAnUnknownErrorCodeAsPermanent() {
        assertEquals(new SendOutcome.PermanentFailure("brand_new_error", "Slack refused the message"),
                SlackResponseClassifier.classify(failed("brand_new_error"), "C123", NOW));
    }

    @Test
    void namesTheMissingScopeAndTheBlockErrors() {
        ChatPostMessageResponse missingScope = failed("missing_scope");
        missingScope.setNeeded("chat:write");
        ChatPostMessageResponse invalidBlocks = failed("invalid_blocks");
        invalidBlocks.setErrors(List.of("must be more than 0 characters [json-pointer:/blocks/0/text/text]"));

        assertEquals("the bot token lacks a scope; needed: chat:write", assertInstanceOf(
                SendOutcome.PermanentFailure.class, SlackResponseClassifier.classify(missingScope, "C1", NOW)).reason());
        assertTrue(assertInstanceOf(SendOutcome.PermanentFailure.class,
                SlackResponseClassifier.classify(invalidBlocks, "C1", NOW)).reason()
                .endsWith("; must be more than 0 characters [json-pointer:/blocks/0/text/text]"));
    }

    @Test
    void retriesARateLimitInAnOkAnswerNoSoonerThanItsRetryAfter() {
        ChatPostMessageResponse response = failed("ratelimited");
        response.setHttpResponseHeaders(Map.of("retry-after", List.of("12")));

        SendOutcome.TransientFailure failure = assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(response, "C123", NOW));

        assertEquals("rate_limited", failure.code());
        assertEquals(Optional.of(Duration.ofSeconds(12)), failure.retryAfter());
        assertTrue(failure.rateLimited(), "ratelimited slows the token bucket down");
    }

    @Test
    void retriesAnHttp429NoSoonerThanItsRetryAfter() {
        SendOutcome.TransientFailure failure = assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(thrown(429, "{\"ok\":false,\"error\":\"ratelimited\"}", "30"), NOW));

        assertEquals("rate_limited", failure.code());
        assertEquals(Optional.of(Duration.ofSeconds(30)), failure.retryAfter());
        assertTrue(failure.rateLimited(), "a 429 slows the token bucket down");
    }

    @Test
    void retriesServerErrorsWithSlacksCodeWhenTheBodyHasOne() {
        SendOutcome.TransientFailure unavailable = assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(thrown(503, "{\"ok\":false,\"error\":\"service_unavailable\"}", "5"), NOW));
        SendOutcome.TransientFailure bare = assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(thrown(502, "<html>bad gateway</html>", null), NOW));

        assertEquals("service_unavailable", unavailable.code());
        assertEquals(Optional.of(Duration.ofSeconds(5)), unavailable.retryAfter());
        assertEquals("http_502", bare.code());
        assertEquals(Optional.empty(), bare.retryAfter());
    }

    @Test
    void judgesOtherHttpErrorsByTheirErrorCodeElsePermanently() {
        assertEquals("invalid_auth", assertInstanceOf(SendOutcome.PermanentFailure.class,
                SlackResponseClassifier.classify(thrown(401, "{\"ok\":false,\"error\":\"invalid_auth\"}", null), NOW))
                .code());
        assertEquals("http_404", assertInstanceOf(SendOutcome.PermanentFailure.class,
                SlackResponseClassifier.classify(thrown(404, "", null), NOW)).code());
    }

    @Test
    void retriesNetworkErrorsTimeoutsAndUnreadableAnswers() {
        assertEquals("timeout", transientCode(new SocketTimeoutException("Read timed out")));
        assertEquals("timeout", transientCode(new InterruptedIOException("timeout")));
        assertEquals("connect_error", transientCode(new ConnectException("Connection refused")));
        assertEquals("unknown_host", transientCode(new UnknownHostException("slack.com")));
        assertEquals("io_error", transientCode(new IOException("Connection reset")));
        assertEquals("invalid_response", assertInstanceOf(SendOutcome.TransientFailure.class,
                SlackResponseClassifier.classify(new JsonSyntaxException("not json"))).code());
    }

    private static String transientCode(IOException failure) {
        return assertInstanceOf(SendOutcome.TransientFailure.class, SlackResponseClassifier.classify(failure)).code();
    }

    private static ChatPostMessageResponse failed(String error) {
        ChatPostMessageResponse response = new ChatPostMessageResponse();
        response.setOk(false);
        response.setError(error);
        return response;
    }

    private static SlackApiException thrown(int status, String body, String retryAfter) {
        Response.Builder response = new Response.Builder()
                .request(new Request.Builder().url("https://slack.com/api/chat.postMessage").build())
                .protocol(Protocol.HTTP_1_1)
                .code(status)
                .message("");
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return new SlackApiException(response.build(), body);
    }
}
