package dev.herald.sandbox.provider.twilio;

import java.util.Map;
import java.util.Optional;

/**
 * Phone numbers with fixed errors, after Twilio's test credentials; every other valid number is accepted
 * ({@code +15005550006} is Twilio's own "valid" test number).
 */
final class MagicNumbers {

    private MagicNumbers() {
    }

    private record Rejection(int code, String message) {
    }

    private static final Map<String, Rejection> TO = Map.of(
            "+15005550001", new Rejection(21211, "The 'To' number %1$s is not a valid phone number."),
            "+15005550002", new Rejection(21612, "The 'To' phone number: %1$s, is not currently reachable using the "
                    + "'From' phone number: %2$s via SMS."),
            "+15005550003", new Rejection(21408, "Permission to send an SMS has not been enabled for the region "
                    + "indicated by the 'To' number: %1$s."),
            "+15005550004", new Rejection(21610, "Attempt to send to unsubscribed recipient"),
            "+15005550009", new Rejection(21614, "'To' number is not a valid mobile number"));

    private static final Map<String, Rejection> FROM = Map.of(
            "+15005550001", new Rejection(21212, "The 'From' number %2$s is not a valid phone number, shortcode, or "
                    + "alphanumeric sender ID."),
            "+15005550007", new Rejection(21606, "The 'From' phone number provided is not a valid, message-capable "
                    + "Twilio phone number for this destination."),
            "+15005550008", new Rejection(21611, "This 'From' number has exceeded the maximum number of queued "
                    + "messages"));

    /** The final status a status callback reports, with Twilio's error code where it failed. */
    record CallbackOutcome(String status, String errorCode) {
    }

    static final CallbackOutcome DELIVERED = new CallbackOutcome("delivered", null);

    /**
     * Numbers Twilio accepts but cannot deliver to, reported by the status callback: unknown handset (30005, the
     * number does not exist), unreachable handset (30003) and an unknown carrier error (30008, failed).
     */
    private static final Map<String, CallbackOutcome> CALLBACK = Map.of(
            "+15005550010", new CallbackOutcome("undelivered", "30005"),
            "+15005550011", new CallbackOutcome("undelivered", "30003"),
            "+15005550012", new CallbackOutcome("failed", "30008"));

    /** What the status callback of a message to {@code to} reports in the end. */
    static CallbackOutcome callbackOutcome(String to) {
        return CALLBACK.getOrDefault(to, DELIVERED);
    }

    /** The error Twilio gives for this pair of numbers, if any; {@code from} may be null. */
    static Optional<TwilioError> rejection(String to, String from) {
        Rejection rejection = from != null && FROM.containsKey(from) ? FROM.get(from) : TO.get(to);
        return Optional.ofNullable(rejection)
                .map(r -> TwilioError.of(400, r.code(), r.message().formatted(to, from)));
    }
}
