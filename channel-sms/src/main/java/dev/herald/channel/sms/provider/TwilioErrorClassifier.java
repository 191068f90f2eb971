package dev.herald.channel.sms.provider;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import dev.herald.channel.core.provider.RetryAfter;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TransportFailures;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what a failed Twilio Messages call means (table in channel-sms/README.md). Twilio's own
 * error code decides where it is one of the codes below; otherwise the HTTP status: 408, 429 and 5xx are worth a retry,
 * every other 4xx is not. A call that got no answer at all (refused or reset connection, timeout, unknown host) is
 * retried. Status codes are named {@code twilio_<code>} when Twilio gave one, else {@code http_<status>}. A number
 * that Twilio says is invalid, not mobile or unsubscribed is also reported as a dead address, so it is suppressed.
 */
final class TwilioErrorClassifier {

    /** Hygiene reasons ({@code SuppressionMessage}) of the recipient's number. */
    static final String INVALID_NUMBER = "invalid_number";
    static final String UNSUBSCRIBED = "unsubscribed";

    /** Twilio error codes whose meaning does not depend on the HTTP status. */
    private static final Map<Integer, Meaning> CODES = Map.ofEntries(
            Map.entry(21211, Meaning.deadNumber("invalid 'To' number", INVALID_NUMBER)),
            Map.entry(21614, Meaning.deadNumber("'To' is not a mobile number", INVALID_NUMBER)),
            Map.entry(21612, Meaning.permanent("Twilio cannot route to 'To' from this sender")),
            Map.entry(21610, Meaning.deadNumber("recipient unsubscribed (replied STOP)", UNSUBSCRIBED)),
            Map.entry(21408, Meaning.permanent("account has no permission to send to this region")),
            Map.entry(21606, Meaning.permanent("'From' cannot send messages to this number")),
            Map.entry(21659, Meaning.permanent("'From' is not a valid sender for this account")),
            Map.entry(20003, Meaning.permanent("Twilio refused the account SID or auth token")),
            Map.entry(20404, Meaning.permanent("not found (wrong account SID?)")),
            Map.entry(20429, Meaning.transientFailure("too many requests")),
            Map.entry(21611, Meaning.transientFailure("the sender's message queue is full")));

    private TwilioErrorClassifier() {
    }

    /**
     * @param failure what the SDK threw
     * @param answer  the HTTP answer the failed call got, if it got one (the SDK's exceptions carry neither the
     *                HTTP status reliably nor any header)
     * @param to      the recipient's number, reported as a dead address where Twilio's code says it is one
     */
    static SendOutcome classify(TwilioException failure, Optional<TwilioHttpClient.Answer> answer, String to,
            Instant now) {
        if (answer.isPresent() && answer.get().status() >= 200 && answer.get().status() < 300) {
            // Twilio took the message but its answer could not be read: sending again would send it twice.
            return new SendOutcome.Accepted(null);
        }
        if (failure instanceof ApiException api && (answer.isPresent() || api.getCode() != null
                || api.getStatusCode() != null)) {
            return classifyAnswer(api, answer, to, now);
        }
        return classifyNoAnswer(failure);
    }

    private static SendOutcome classifyAnswer(ApiException failure, Optional<TwilioHttpClient.Answer> answer,
            String to, Instant now) {
        int status = answer.map(TwilioHttpClient.Answer::status).orElseGet(() -> httpStatus(failure));
        Integer code = failure.getCode();
        String id = code != null ? "twilio_" + code : "http_" + status;
        Optional<Duration> retryAfter = RetryAfter.parse(answer.map(TwilioHttpClient.Answer::retryAfter).orElse(null), now);
        Meaning known = code == null ? null : CODES.get(code);
        if (known != null) {
            String reason = known.description() + detail(failure);
            if (!known.permanent()) {
                return new SendOutcome.TransientFailure(id, reason, retryAfter, status == 429 || code == 20429);
            }
            List<SendOutcome.DeadAddress> dead = known.hygiene() == null || to == null ? List.of()
                    : List.of(new SendOutcome.DeadAddress(to, known.hygiene(), id + ": " + reason));
            return new SendOutcome.PermanentFailure(id, reason, dead);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendOutcome.TransientFailure(id, statusDescription(status) + detail(failure), retryAfter,
                    status == 429);
        }
        if (status >= 400) {
            return new SendOutcome.PermanentFailure(id, "request refused" + detail(failure));
        }
        return new SendOutcome.TransientFailure(id, "unexpected answer" + detail(failure));
    }

    /** Refused or reset connections, timeouts and unknown hosts may all pass; so may an SDK error we do not know. */
    private static SendOutcome classifyNoAnswer(TwilioException failure) {
        return TransportFailures.classify(failure).orElseGet(() -> new SendOutcome.TransientFailure(
                failure instanceof ApiConnectionException ? TransportFailures.CONNECT_ERROR : "sdk_error",
                failure.getClass().getSimpleName() + detail(failure)));
    }

    private static int httpStatus(ApiException failure) {
        if (failure.getStatusCode() != null) {
            return failure.getStatusCode();
        }
        return failure.getHttpStatusCode() == null ? 0 : failure.getHttpStatusCode();
    }

    private static String statusDescription(int status) {
        return switch (status) {
            case 408 -> "request timeout";
            case 429 -> "too many requests";
            default -> "Twilio unavailable";
        };
    }

    private static String detail(TwilioException failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    /** @param hygiene the hygiene reason of the recipient's number, or null when the code says nothing about it */
    private record Meaning(String description, boolean permanent, String hygiene) {

        static Meaning permanent(String description) {
            return new Meaning(description, true, null);
        }

        static Meaning deadNumber(String description, String hygiene) {
            return new Meaning(description, true, hygiene);
        }

        static Meaning transientFailure(String description) {
            return new Meaning(description, false, null);
        }
    }
}
