package dev.herald.channel.sms.provider;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import dev.herald.channel.core.provider.RetryAfter;
import dev.herald.channel.core.provider.SendOutcome;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what a failed Twilio Messages call means (table in channel-sms/README.md). Twilio's own
 * error code decides where it is one of the codes below; otherwise the HTTP status: 408, 429 and 5xx are worth a retry,
 * every other 4xx is not. A call that got no answer at all (refused or reset connection, timeout, unknown host) is
 * retried. Status codes are named {@code twilio_<code>} when Twilio gave one, else {@code http_<status>}.
 */
final class TwilioErrorClassifier {

    /** Twilio error codes whose meaning does not depend on the HTTP status. */
    private static final Map<Integer, Meaning> CODES = Map.ofEntries(
            Map.entry(21211, Meaning.permanent("invalid 'To' number")),
            Map.entry(21614, Meaning.permanent("'To' is not a mobile number")),
            Map.entry(21612, Meaning.permanent("Twilio cannot route to 'To' from this sender")),
            Map.entry(21610, Meaning.permanent("recipient unsubscribed (replied STOP)")),
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
     */
    static SendOutcome classify(TwilioException failure, Optional<TwilioHttpClient.Answer> answer, Instant now) {
        if (answer.isPresent() && answer.get().status() >= 200 && answer.get().status() < 300) {
            // Twilio took the message but its answer could not be read: sending again would send it twice.
            return new SendOutcome.Accepted(null);
        }
        if (failure instanceof ApiException api && (answer.isPresent() || api.getCode() != null
                || api.getStatusCode() != null)) {
            return classifyAnswer(api, answer, now);
        }
        return classifyNoAnswer(failure);
    }

    private static SendOutcome classifyAnswer(ApiException failure, Optional<TwilioHttpClient.Answer> answer,
            Instant now) {
        int status = answer.map(TwilioHttpClient.Answer::status).orElseGet(() -> httpStatus(failure));
        Integer code = failure.getCode();
        String id = code != null ? "twilio_" + code : "http_" + status;
        Optional<Duration> retryAfter = RetryAfter.parse(answer.map(TwilioHttpClient.Answer::retryAfter).orElse(null), now);
        Meaning known = code == null ? null : CODES.get(code);
        if (known != null) {
            String reason = known.description() + detail(failure);
            return known.permanent() ? new SendOutcome.PermanentFailure(id, reason)
                    : new SendOutcome.TransientFailure(id, reason, retryAfter);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendOutcome.TransientFailure(id, statusDescription(status) + detail(failure), retryAfter);
        }
        if (status >= 400) {
            return new SendOutcome.PermanentFailure(id, "request refused" + detail(failure));
        }
        return new SendOutcome.TransientFailure(id, "unexpected answer" + detail(failure));
    }

    /** Refused or reset connections, timeouts and unknown hosts may all pass; so may an SDK error we do not know. */
    private static SendOutcome classifyNoAnswer(TwilioException failure) {
        IOException io = ioCause(failure);
        if (io == null) {
            String code = failure instanceof ApiConnectionException ? "connect_error" : "sdk_error";
            return new SendOutcome.TransientFailure(code, failure.getClass().getSimpleName() + detail(failure));
        }
        String code = switch (io) {
            case InterruptedIOException timeout -> "timeout";
            case ConnectException refused -> "connect_error";
            case UnknownHostException unknown -> "unknown_host";
            default -> "io_error";
        };
        return new SendOutcome.TransientFailure(code, io.getClass().getSimpleName()
                + (io.getMessage() == null ? "" : ": " + io.getMessage()));
    }

    private static IOException ioCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
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

    private record Meaning(String description, boolean permanent) {

        static Meaning permanent(String description) {
            return new Meaning(description, true);
        }

        static Meaning transientFailure(String description) {
            return new Meaning(description, false);
        }
    }
}
