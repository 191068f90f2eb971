package dev.herald.channel.push.provider;

import com.google.auth.Retryable;
import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.push.provider.FcmResponseClassifier.FcmError;
import dev.herald.channel.push.provider.FcmResponseClassifier.TokenOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FcmResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final String TOKEN = "fGh7Kq2LzT0:APA91bHxQ3vR8sN1mW5yC6dE9fG0hJ2kL4nP7qS3tU6vX8zA1bD4eF7gH0jK3mN6pR9sT2uW5xZ8";
    private static final String INVALID_TOKEN_BODY = """
            {"error":{"code":400,"message":"The registration token is not a valid FCM registration token",
            "status":"INVALID_ARGUMENT","details":[
            {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"},
            {"@type":"type.googleapis.com/google.rpc.BadRequest",
             "fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}]}}""";

    @Test
    void namesAnUnregisteredTokenByItsPrefixAlone() {
        SendOutcome.PermanentFailure outcome = assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(fcm(MessagingErrorCode.UNREGISTERED, 404, "Requested entity was not found.")));

        assertEquals("unregistered_token", outcome.code());
        assertEquals("token fGh7Kq2L… is no longer registered: 404 UNREGISTERED: Requested entity was not found.",
                outcome.reason());
    }

    @Test
    void masksTheTokenShouldFcmEchoIt() {
        SendOutcome.PermanentFailure outcome = assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(fcm(MessagingErrorCode.UNREGISTERED, 404, "token " + TOKEN + " unknown")));

        assertFalse(outcome.reason().contains(TOKEN), outcome.reason());
    }

    @Test
    void tellsAnInvalidTokenFromAnInvalidMessage() {
        SendOutcome badToken = classify(new FcmError(MessagingErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ARGUMENT,
                400, null, INVALID_TOKEN_BODY, "The registration token is not a valid FCM registration token", null));
        SendOutcome badMessage = classify(new FcmError(MessagingErrorCode.INVALID_ARGUMENT,
                ErrorCode.INVALID_ARGUMENT, 400, null,
                "{\"error\":{\"code\":400,\"message\":\"Message is too big\",\"status\":\"INVALID_ARGUMENT\"}}",
                "Message is too big", null));

        assertEquals("invalid_token", assertInstanceOf(SendOutcome.PermanentFailure.class, badToken).code());
        SendOutcome.PermanentFailure message = assertInstanceOf(SendOutcome.PermanentFailure.class, badMessage);
        assertEquals("invalid_argument", message.code());
        assertEquals("FCM refused the message: 400 INVALID_ARGUMENT: Message is too big", message.reason());
    }

    @Test
    void treatsAForeignTokenAndRefusedApnsCredentialsAsPermanent() {
        assertEquals("sender_id_mismatch", assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(fcm(MessagingErrorCode.SENDER_ID_MISMATCH, 403, "SenderId mismatch"))).code());
        assertEquals("third_party_auth_error", assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(fcm(MessagingErrorCode.THIRD_PARTY_AUTH_ERROR, 401, "Auth error from APNS"))).code());
    }

    @Test
    void treatsRefusedCredentialsAsPermanent() {
        assertEquals("http_401", assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(new FcmError(null, ErrorCode.UNAUTHENTICATED, 401, null, null, "bad token", null))).code());
        assertEquals("http_403", assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(new FcmError(null, ErrorCode.PERMISSION_DENIED, 403, null, null, "denied", null))).code());
    }

    @Test
    void retriesAQuotaErrorNoSoonerThanItsRetryAfter() {
        SendOutcome.TransientFailure outcome = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(new FcmError(MessagingErrorCode.QUOTA_EXCEEDED, ErrorCode.RESOURCE_EXHAUSTED, 429, "45",
                        null, "Quota exceeded.", null)));
        SendOutcome.TransientFailure withoutCode = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(new FcmError(null, ErrorCode.RESOURCE_EXHAUSTED, 429, "Fri, 01 Mar 2030 12:02:00 GMT",
                        null, "slow down", null)));

        assertEquals("quota_exceeded", outcome.code());
        assertEquals(Optional.of(Duration.ofSeconds(45)), outcome.retryAfter());
        assertEquals(Optional.of(Duration.ofMinutes(2)), withoutCode.retryAfter());
        assertTrue(outcome.rateLimited() && withoutCode.rateLimited(), "a quota error slows the token bucket down");
    }

    @Test
    void retriesOutagesAndServerErrors() {
        SendOutcome.TransientFailure unavailable = assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(new FcmError(MessagingErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE, 503, "10", null,
                        "The service is currently unavailable.", null)));

        assertEquals("unavailable", unavailable.code());
        assertEquals(Optional.of(Duration.ofSeconds(10)), unavailable.retryAfter());
        assertEquals("internal", assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(fcm(MessagingErrorCode.INTERNAL, 500, "Internal error"))).code());
        assertEquals("http_502", assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(new FcmError(null, ErrorCode.UNAVAILABLE, 502, null, null, "bad gateway", null))).code());
    }

    @Test
    void treatsOtherClientErrorsAsPermanent() {
        assertInstanceOf(SendOutcome.PermanentFailure.class,
                classify(new FcmError(null, ErrorCode.NOT_FOUND, 404, null, null, "no such project", null)));
    }

    @Test
    void tellsARefusedKeyFromAnUnreachableTokenEndpoint() {
        SendOutcome refused = classify(new FcmError(null, ErrorCode.UNKNOWN, 0, null, null,
                "Error getting access token for service account: 400 Bad Request invalid_grant",
                new TokenEndpointFailure(false)));
        SendOutcome unreachable = classify(new FcmError(null, ErrorCode.UNKNOWN, 0, null, null,
                "Error getting access token for service account: Connection refused", new TokenEndpointFailure(true)));

        assertEquals("credentials_refused", assertInstanceOf(SendOutcome.PermanentFailure.class, refused).code());
        assertEquals("token_endpoint_error", assertInstanceOf(SendOutcome.TransientFailure.class, unreachable).code());
    }

    @Test
    void retriesNetworkErrorsAndTimeouts() {
        assertEquals("timeout", transientCode(new SocketTimeoutException("Read timed out")));
        assertEquals("connect_error", transientCode(new ConnectException("Connection refused")));
        assertEquals("connect_error", transientCode(new NoRouteToHostException("No route to host")));
        assertEquals("io_error", transientCode(new IOException("Connection reset")));
        assertEquals("timeout", assertInstanceOf(SendOutcome.TransientFailure.class,
                classify(new FcmError(null, ErrorCode.DEADLINE_EXCEEDED, 0, null, null, "Timed out", null))).code());
    }

    @Test
    void reportsSentWithTheAcceptedMessagesWhenAnyTokenWasAccepted() {
        SendOutcome outcome = FcmResponseClassifier.combine(List.of(
                new TokenOutcome("a", new SendOutcome.Accepted("projects/p/messages/1")),
                new TokenOutcome("b", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                new TokenOutcome("c", new SendOutcome.TransientFailure("unavailable", "down")),
                new TokenOutcome("d", new SendOutcome.Accepted("projects/p/messages/4"))));

        assertEquals(new SendOutcome.Accepted("projects/p/messages/1,projects/p/messages/4"), outcome);
    }

    @Test
    void retriesWhenNoTokenWasAcceptedAndAnyFailureWasTransient() {
        SendOutcome.TransientFailure outcome = assertInstanceOf(SendOutcome.TransientFailure.class,
                FcmResponseClassifier.combine(List.of(
                        new TokenOutcome("a", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                        new TokenOutcome("b", new SendOutcome.TransientFailure("quota_exceeded", "slow down",
                                Optional.of(Duration.ofSeconds(30)))),
                        new TokenOutcome("c", new SendOutcome.TransientFailure("unavailable", "down",
                                Optional.of(Duration.ofSeconds(90)))))));

        assertEquals("quota_exceeded", outcome.code());
        assertEquals(Optional.of(Duration.ofSeconds(90)), outcome.retryAfter());
        assertTrue(outcome.reason().startsWith("none of 3 tokens accepted: unregistered_token (gone); "),
                outcome.reason());
    }

    @Test
    void failsForGoodWhenEveryTokenFailedForGood() {
        SendOutcome.PermanentFailure same = assertInstanceOf(SendOutcome.PermanentFailure.class,
                FcmResponseClassifier.combine(List.of(
                        new TokenOutcome("a", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                        new TokenOutcome("b", new SendOutcome.PermanentFailure("unregistered_token", "gone too")))));
        SendOutcome.PermanentFailure mixed = assertInstanceOf(SendOutcome.PermanentFailure.class,
                FcmResponseClassifier.combine(List.of(
                        new TokenOutcome("a", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                        new TokenOutcome("b", new SendOutcome.PermanentFailure("invalid_token", "bad")))));

        assertEquals("unregistered_token", same.code());
        assertEquals("all_tokens_failed", mixed.code());
        assertEquals("all 2 tokens failed: unregistered_token (gone); invalid_token (bad)", mixed.reason());
    }

    @Test
    void passesASingleTokensFailureThroughAsItIs() {
        SendOutcome only = new SendOutcome.PermanentFailure("unregistered_token", "token abc… is no longer registered");

        assertEquals(only, FcmResponseClassifier.combine(List.of(new TokenOutcome("abc", only))));
    }

    @Test
    void failsWithoutTokensAsAMissingContactPoint() {
        assertEquals("no_contact_point", assertInstanceOf(SendOutcome.PermanentFailure.class,
                FcmResponseClassifier.combine(List.of())).code());
    }

    @Test
    void namesEveryUnregisteredOrInvalidTokenOfASentNotificationAsDead() {
        List<TokenOutcome> outcomes = List.of(
                new TokenOutcome("a", new SendOutcome.Accepted("projects/p/messages/1")),
                new TokenOutcome("b", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                new TokenOutcome("c", new SendOutcome.PermanentFailure("invalid_token", "bad")),
                new TokenOutcome("d", new SendOutcome.PermanentFailure("sender_id_mismatch", "foreign")));

        SendOutcome outcome = reportingDeadTokens(outcomes);

        assertEquals(new SendOutcome.Accepted("projects/p/messages/1", List.of(
                new SendOutcome.DeadAddress("b", "unregistered_token", "unregistered_token: gone"),
                new SendOutcome.DeadAddress("c", "unregistered_token", "invalid_token: bad"))), outcome);
    }

    @Test
    void namesTheDeadTokenOfAFailedNotification() {
        List<TokenOutcome> outcomes = List.of(new TokenOutcome("abc",
                new SendOutcome.PermanentFailure("unregistered_token", "token abc… is no longer registered")));

        SendOutcome outcome = reportingDeadTokens(outcomes);

        assertEquals(new SendOutcome.PermanentFailure("unregistered_token", "token abc… is no longer registered",
                List.of(new SendOutcome.DeadAddress("abc", "unregistered_token",
                        "unregistered_token: token abc… is no longer registered"))), outcome);
    }

    @Test
    void namesNoDeadTokenWhenNoneIsDeadOrTheNotificationIsRetried() {
        List<TokenOutcome> healthy = List.of(new TokenOutcome("a", new SendOutcome.Accepted("projects/p/messages/1")),
                new TokenOutcome("b", new SendOutcome.PermanentFailure("sender_id_mismatch", "foreign")));
        List<TokenOutcome> retried = List.of(
                new TokenOutcome("a", new SendOutcome.PermanentFailure("unregistered_token", "gone")),
                new TokenOutcome("b", new SendOutcome.TransientFailure("unavailable", "down")));

        assertEquals(new SendOutcome.Accepted("projects/p/messages/1"), reportingDeadTokens(healthy));
        assertInstanceOf(SendOutcome.TransientFailure.class, reportingDeadTokens(retried));
    }

    @Test
    void marksOnlyUnregisteredAndInvalidTokensAsStale() {
        assertTrue(FcmResponseClassifier.staleToken(new SendOutcome.PermanentFailure("unregistered_token", "")));
        assertTrue(FcmResponseClassifier.staleToken(new SendOutcome.PermanentFailure("invalid_token", "")));
        assertFalse(FcmResponseClassifier.staleToken(new SendOutcome.PermanentFailure("sender_id_mismatch", "")));
        assertFalse(FcmResponseClassifier.staleToken(new SendOutcome.TransientFailure("unavailable", "")));
    }

    private static String transientCode(IOException cause) {
        return assertInstanceOf(SendOutcome.TransientFailure.class, classify(new FcmError(null, ErrorCode.UNKNOWN, 0,
                null, null, "Unknown error while making a remote service call: " + cause.getMessage(), cause))).code();
    }

    /** The dispatch's outcome as the sender makes it: combined, then naming its dead tokens. */
    private static SendOutcome reportingDeadTokens(List<TokenOutcome> outcomes) {
        return FcmResponseClassifier.reportingDeadTokens(FcmResponseClassifier.combine(outcomes), outcomes);
    }

    private static FcmError fcm(MessagingErrorCode code, int status, String message) {
        return new FcmError(code, null, status, null, null, message, null);
    }

    private static SendOutcome classify(FcmError error) {
        return FcmResponseClassifier.classify(TOKEN, error, NOW);
    }

    /** What google-auth throws when it cannot get an access token: an IOException that says if retrying may help. */
    private static final class TokenEndpointFailure extends IOException implements Retryable {

        private final boolean retryable;

        TokenEndpointFailure(boolean retryable) {
            super("Error getting access token for service account");
            this.retryable = retryable;
        }

        @Override
        public boolean isRetryable() {
            return retryable;
        }

        @Override
        public int getRetryCount() {
            return 0;
        }
    }
}
