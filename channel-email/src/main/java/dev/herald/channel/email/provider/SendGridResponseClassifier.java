package dev.herald.channel.email.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Response;
import dev.herald.channel.core.provider.ResponseHeaders;
import dev.herald.channel.core.provider.RetryAfter;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TransportFailures;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides what a SendGrid v3 mail-send answer means (table in channel-email/README.md):
 * 2xx accepted (id from {@code X-Message-Id}); 400, 413 and other 4xx permanent; 401/403 permanent (credentials);
 * 408 and 429 transient, 429 honouring {@code Retry-After}; 5xx and network errors transient.
 */
final class SendGridResponseClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SendGridResponseClassifier() {
    }

    static SendOutcome classify(Response response, Instant now) {
        int status = response.getStatusCode();
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        String code = "http_" + status;
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted(ResponseHeaders.value(headers, "X-Message-Id"));
        }
        String detail = errorDetail(response.getBody());
        return switch (status) {
            case 400 -> new SendOutcome.PermanentFailure(code, "bad request" + detail);
            case 413 -> new SendOutcome.PermanentFailure(code, "payload too large" + detail);
            case 401, 403 -> new SendOutcome.PermanentFailure(code, "SendGrid refused the API key" + detail);
            case 408 -> new SendOutcome.TransientFailure(code, "request timeout" + detail);
            case 429 -> SendOutcome.TransientFailure.rateLimit(code, "rate limited" + detail,
                    RetryAfter.fromHeaders(headers, now));
            default -> {
                if (status >= 500) {
                    yield new SendOutcome.TransientFailure(code, "SendGrid unavailable" + detail,
                            RetryAfter.fromHeaders(headers, now));
                }
                yield new SendOutcome.PermanentFailure(code, "unexpected answer" + detail);
            }
        };
    }

    /** A request that got no HTTP answer: refused or reset connections, timeouts and unknown hosts are worth a retry. */
    static SendOutcome classify(IOException failure) {
        return TransportFailures.classify(failure).orElseThrow();
    }

    /** SendGrid's own explanation ({@code errors[].field: message}), or a prefix of the raw body. */
    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                String field = error.path("field").asText("");
                String message = error.path("message").asText("");
                messages.add(field.isEmpty() || field.equals("null") ? message : field + ": " + message);
            }
            if (!messages.isEmpty()) {
                return ": " + String.join("; ", messages);
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw body
        }
        return ": " + (body.length() > 200 ? body.substring(0, 200) : body);
    }
}
