package dev.herald.channel.push.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.Retryable;
import com.google.firebase.ErrorCode;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.herald.channel.core.provider.ResponseHeaders;
import dev.herald.channel.core.provider.RetryAfter;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TransportFailures;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place that decides what FCM's answers mean (table in channel-push/README.md), first for each device token,
 * then for the dispatch as a whole.
 *
 * <p>Per token, by FCM's own error code ({@link MessagingErrorCode}), else by HTTP status, else by the I/O failure:
 * {@code UNREGISTERED}, an {@code INVALID_ARGUMENT} about the token, {@code SENDER_ID_MISMATCH},
 * {@code THIRD_PARTY_AUTH_ERROR}, other {@code INVALID_ARGUMENT}s and refused credentials (401/403, a token endpoint
 * that rejects the key) are permanent; {@code QUOTA_EXCEEDED} (429), {@code UNAVAILABLE}, {@code INTERNAL}, 5xx,
 * timeouts and network errors are transient, honouring {@code Retry-After}.
 *
 * <p>Per dispatch: sent when any token was accepted, transient when none was and any failure was transient,
 * otherwise permanent.
 */
final class FcmResponseClassifier {

    static final String UNREGISTERED_TOKEN = "unregistered_token";
    static final String INVALID_TOKEN = "invalid_token";
    static final String NO_CONTACT_POINT = "no_contact_point";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FcmResponseClassifier() {
    }

    /** What FCM made of one device token. */
    record TokenOutcome(String token, SendOutcome outcome) {
    }

    /**
     * An FCM failure taken apart: FCM's error code (null when the answer had none), the platform error code, the HTTP
     * status (0 without an answer), its {@code Retry-After} and body, the SDK's message and the cause.
     */
    record FcmError(MessagingErrorCode messagingCode, ErrorCode errorCode, int httpStatus, String retryAfter,
            String body, String message, Throwable cause) {

        static FcmError of(FirebaseMessagingException e) {
            IncomingHttpResponse response = e.getHttpResponse();
            return new FcmError(e.getMessagingErrorCode(), e.getErrorCode(),
                    response == null ? 0 : response.getStatusCode(),
                    response == null ? null : ResponseHeaders.value(response.getHeaders(), RetryAfter.HEADER),
                    response == null ? null : response.getContent(),
                    e.getMessage(), e.getCause());
        }
    }

    /** The outcome of a dispatch without any device token: nothing to send to. */
    static SendOutcome noTokens() {
        return new SendOutcome.PermanentFailure(NO_CONTACT_POINT, "the recipient has no push token");
    }

    static SendOutcome classify(String token, FirebaseMessagingException failure, Instant now) {
        return classify(token, FcmError.of(failure), now);
    }

    static SendOutcome classify(String token, FcmError error, Instant now) {
        String hint = DeviceTokens.hint(token);
        String detail = detail(error, token);
        Optional<Duration> retryAfter = RetryAfter.parse(error.retryAfter(), now);
        if (error.messagingCode() != null) {
            return switch (error.messagingCode()) {
                case UNREGISTERED -> new SendOutcome.PermanentFailure(UNREGISTERED_TOKEN,
                        "token " + hint + " is no longer registered: " + detail);
                case INVALID_ARGUMENT -> invalidArgument(hint, error, detail);
                case SENDER_ID_MISMATCH -> new SendOutcome.PermanentFailure("sender_id_mismatch",
                        "token " + hint + " belongs to another Firebase project: " + detail);
                case THIRD_PARTY_AUTH_ERROR -> new SendOutcome.PermanentFailure("third_party_auth_error",
                        "APNs or web push refused the project's credentials: " + detail);
                case QUOTA_EXCEEDED -> SendOutcome.TransientFailure.rateLimit("quota_exceeded",
                        "FCM sending quota exceeded: " + detail, retryAfter);
                case UNAVAILABLE -> new SendOutcome.TransientFailure("unavailable",
                        "FCM unavailable: " + detail, retryAfter);
                case INTERNAL -> new SendOutcome.TransientFailure("internal",
                        "FCM internal error: " + detail, retryAfter);
            };
        }
        int status = error.httpStatus();
        if (status > 0) {
            String code = "http_" + status;
            return switch (status) {
                case 400 -> invalidArgument(hint, error, detail);
                case 401, 403 -> new SendOutcome.PermanentFailure(code, "FCM refused the credentials: " + detail);
                case 408 -> new SendOutcome.TransientFailure("timeout", "request timeout: " + detail);
                case 429 -> SendOutcome.TransientFailure.rateLimit("quota_exceeded",
                        "FCM sending quota exceeded: " + detail, retryAfter);
                default -> status >= 500
                        ? new SendOutcome.TransientFailure(code, "FCM unavailable: " + detail, retryAfter)
                        : new SendOutcome.PermanentFailure(code, "unexpected answer: " + detail);
            };
        }
        return withoutAnswer(error, detail);
    }

    /**
     * The outcome of a dispatch from those of its tokens (at least one): accepted with the accepted message names
     * joined by commas when any token was accepted; otherwise the one failure, or a summary of all of them that is
     * transient when any of them is.
     */
    static SendOutcome combine(List<TokenOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return noTokens();
        }
        List<String> accepted = outcomes.stream()
                .map(TokenOutcome::outcome)
                .filter(SendOutcome.Accepted.class::isInstance)
                .map(outcome -> ((SendOutcome.Accepted) outcome).providerMessageId())
                .toList();
        if (!accepted.isEmpty()) {
            return new SendOutcome.Accepted(String.join(",", accepted));
        }
        if (outcomes.size() == 1) {
            return outcomes.getFirst().outcome();
        }
        String summary = outcomes.stream().map(outcome -> describe(outcome.outcome()))
                .collect(Collectors.joining("; "));
        List<SendOutcome.TransientFailure> transients = outcomes.stream()
                .map(TokenOutcome::outcome)
                .filter(SendOutcome.TransientFailure.class::isInstance)
                .map(SendOutcome.TransientFailure.class::cast)
                .toList();
        if (!transients.isEmpty()) {
            Optional<Duration> retryAfter = transients.stream().map(SendOutcome.TransientFailure::retryAfter)
                    .flatMap(Optional::stream).max(Comparator.naturalOrder());
            return new SendOutcome.TransientFailure(transients.getFirst().code(),
                    "none of " + outcomes.size() + " tokens accepted: " + summary, retryAfter);
        }
        List<String> codes = outcomes.stream()
                .map(outcome -> ((SendOutcome.PermanentFailure) outcome.outcome()).code())
                .distinct().toList();
        return new SendOutcome.PermanentFailure(codes.size() == 1 ? codes.getFirst() : "all_tokens_failed",
                "all " + outcomes.size() + " tokens failed: " + summary);
    }

    /**
     * The dispatch's {@code outcome} (from {@link #combine}) naming each token FCM called unregistered or invalid as a
     * dead address ({@value #UNREGISTERED_TOKEN}), so that it is suppressed; unchanged when there is none or the
     * outcome is transient (the retry will learn the same again).
     */
    static SendOutcome reportingDeadTokens(SendOutcome outcome, List<TokenOutcome> outcomes) {
        List<SendOutcome.DeadAddress> dead = outcomes.stream()
                .filter(token -> staleToken(token.outcome()))
                .map(token -> {
                    SendOutcome.PermanentFailure failure = (SendOutcome.PermanentFailure) token.outcome();
                    return new SendOutcome.DeadAddress(token.token(), UNREGISTERED_TOKEN,
                            failure.code() + ": " + failure.reason());
                })
                .toList();
        if (dead.isEmpty()) {
            return outcome;
        }
        return switch (outcome) {
            case SendOutcome.Accepted accepted -> new SendOutcome.Accepted(accepted.providerMessageId(), dead);
            case SendOutcome.PermanentFailure failure ->
                    new SendOutcome.PermanentFailure(failure.code(), failure.reason(), dead);
            case SendOutcome.TransientFailure failure -> failure;
        };
    }

    /** Whether a token's outcome says the token itself is dead and may be removed from the user's profile. */
    static boolean staleToken(SendOutcome outcome) {
        return outcome instanceof SendOutcome.PermanentFailure failure
                && (failure.code().equals(UNREGISTERED_TOKEN) || failure.code().equals(INVALID_TOKEN));
    }

    private static SendOutcome invalidArgument(String hint, FcmError error, String detail) {
        if (aboutTheToken(error)) {
            return new SendOutcome.PermanentFailure(INVALID_TOKEN,
                    "token " + hint + " is not a valid registration token: " + detail);
        }
        return new SendOutcome.PermanentFailure("invalid_argument", "FCM refused the message: " + detail);
    }

    /** FCM names the offending field of an INVALID_ARGUMENT in a BadRequest detail: {@code message.token}. */
    private static boolean aboutTheToken(FcmError error) {
        if (error.body() != null && !error.body().isBlank()) {
            try {
                for (JsonNode detail : JSON.readTree(error.body()).path("error").path("details")) {
                    for (JsonNode violation : detail.path("fieldViolations")) {
                        if ("message.token".equals(violation.path("field").asText())) {
                            return true;
                        }
                    }
                }
            } catch (IOException e) {
                // not Google's JSON error: judge by the message alone
            }
        }
        return error.message() != null && error.message().toLowerCase(Locale.ROOT).contains("registration token");
    }

    /** No answer from FCM: the token endpoint failed, or the network did. */
    private static SendOutcome withoutAnswer(FcmError error, String detail) {
        for (Throwable cause = error.cause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof Retryable tokenEndpoint) {
                // google-auth's failure to get an access token: a refused key is for good, an outage is not.
                return tokenEndpoint.isRetryable()
                        ? new SendOutcome.TransientFailure("token_endpoint_error",
                                "could not get an access token: " + detail)
                        : new SendOutcome.PermanentFailure("credentials_refused",
                                "the token endpoint refused the service-account key: " + detail);
            }
        }
        Optional<SendOutcome.TransientFailure> transport = TransportFailures.classify(error.cause());
        if (transport.isPresent()) {
            // FCM's own description names the call; the I/O failure's class adds nothing to it.
            return new SendOutcome.TransientFailure(transport.get().code(), detail);
        }
        if (error.errorCode() == ErrorCode.DEADLINE_EXCEEDED) {
            return new SendOutcome.TransientFailure(TransportFailures.TIMEOUT, detail);
        }
        return new SendOutcome.TransientFailure("fcm_error", detail);
    }

    /** {@code 404 UNREGISTERED: Requested entity was not found.}, with the token masked should FCM echo it. */
    private static String detail(FcmError error, String token) {
        StringBuilder text = new StringBuilder();
        if (error.httpStatus() > 0) {
            text.append(error.httpStatus()).append(' ');
        }
        if (error.messagingCode() != null) {
            text.append(error.messagingCode().name());
        } else if (error.errorCode() != null) {
            text.append(error.errorCode().name());
        }
        String message = error.message();
        if (message != null && !message.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(message);
        }
        String described = text.toString().strip();
        return token == null || token.isEmpty() ? described : described.replace(token, DeviceTokens.hint(token));
    }

    private static String describe(SendOutcome outcome) {
        return switch (outcome) {
            case SendOutcome.PermanentFailure failure -> failure.code() + " (" + failure.reason() + ")";
            case SendOutcome.TransientFailure failure -> failure.code() + " (" + failure.reason() + ")";
            case SendOutcome.Accepted accepted -> "accepted";
        };
    }

}
