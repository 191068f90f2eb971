package dev.herald.tracker.provider;

import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.ProviderReport.Outcome;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Twilio message status callback (form parameters {@code MessageSid}, {@code MessageStatus},
 * {@code ErrorCode}, {@code To}, ...) into a {@link ProviderReport}, matched later by {@code MessageSid}.
 *
 * <table>
 *   <caption>Twilio status to Herald</caption>
 *   <tr><th>MessageStatus</th><th>outcome</th><th>hygiene</th></tr>
 *   <tr><td>delivered</td><td>delivered</td><td>-</td></tr>
 *   <tr><td>undelivered / failed with ErrorCode 21211, 21614, 30005, 30006 (the number is invalid, not mobile,
 *       unknown or a landline)</td><td>bounced</td><td>invalid_number</td></tr>
 *   <tr><td>undelivered / failed with any other code; canceled</td><td>failed</td><td>-</td></tr>
 *   <tr><td>queued, accepted, scheduled, sending, sent, read, others</td><td>history only</td><td>-</td></tr>
 * </table>
 *
 * <p>Why bounced for a bad number: it is what a hard bounce is for email, a refusal of the address itself, and it
 * puts the address on the suppression list; {@code failed} stays for failures of the message or the carrier, which a
 * later message to the same number may not meet.
 */
public final class TwilioStatusCallbacks {

    public static final String PROVIDER = "twilio";

    /** Twilio error codes that say the number itself cannot receive SMS. */
    static final Set<String> INVALID_NUMBER_CODES = Set.of("21211", "21614", "30005", "30006");

    private TwilioStatusCallbacks() {
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body into its parameters, in order, repeats kept. */
    public static List<Map.Entry<String, String>> parameters(byte[] body) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (body == null || body.length == 0) {
            return parameters;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return parameters;
    }

    /** The report of a callback; empty when it names no message or no status. */
    public static Optional<ProviderReport> read(List<Map.Entry<String, String>> parameters, Instant now) {
        String sid = first(parameters, "MessageSid", "SmsSid");
        String status = first(parameters, "MessageStatus", "SmsStatus");
        if (sid == null || status == null) {
            return Optional.empty();
        }
        status = status.toLowerCase(Locale.ROOT);
        String errorCode = first(parameters, "ErrorCode");
        String errorMessage = ProviderText.clean(first(parameters, "ErrorMessage"));
        Outcome outcome;
        String hygiene = null;
        String error = errorCode == null ? null : "error " + errorCode;
        String detail;
        switch (status) {
            case "delivered" -> {
                outcome = Outcome.DELIVERED;
                detail = "webhook delivered";
            }
            case "undelivered", "failed" -> {
                boolean invalidNumber = errorCode != null && INVALID_NUMBER_CODES.contains(errorCode);
                outcome = invalidNumber ? Outcome.BOUNCED : Outcome.FAILED;
                hygiene = invalidNumber ? "invalid_number" : null;
                detail = ProviderText.join("webhook " + status, error, errorMessage);
            }
            case "canceled" -> {
                outcome = Outcome.FAILED;
                detail = "webhook canceled";
            }
            default -> {
                outcome = Outcome.INFO;
                detail = ProviderText.join(status, error, errorMessage);
            }
        }
        String address = hygiene == null ? null : first(parameters, "To");
        if (hygiene != null && address == null) {
            hygiene = null;
        }
        String eventKey = sid + ":" + status + (errorCode == null ? "" : ":" + errorCode);
        return Optional.of(new ProviderReport(PROVIDER, eventKey, status, outcome, null, sid, null, address, hygiene,
                detail, now));
    }

    private static String first(List<Map.Entry<String, String>> parameters, String... names) {
        for (String name : names) {
            for (Map.Entry<String, String> parameter : parameters) {
                if (parameter.getKey().equals(name) && parameter.getValue() != null && !parameter.getValue().isBlank()) {
                    return parameter.getValue().strip();
                }
            }
        }
        return null;
    }
}
