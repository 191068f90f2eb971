package dev.herald.sandbox.provider.slack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.sandbox.service.Fault;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every Slack Web API answer: {@code ok}, and either the result or an {@code error} code. Slack answers
 * HTTP 200 even for errors; only rate limits and outages change the status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SlackReply(boolean ok, String error, String channel, String ts, PostedMessage message) {

    static final String BOT_ID = "B0SANDBOX";

    /** The message as Slack stored it, echoed in a successful {@code chat.postMessage}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostedMessage(String type, String text, @JsonProperty("bot_id") String botId, String ts) {
    }

    static Response posted(String channel, String ts, String text) {
        return ok(new SlackReply(true, null, channel, ts, new PostedMessage("message", text, BOT_ID, ts)));
    }

    static Response error(String code) {
        return ok(new SlackReply(false, code, null, null, null));
    }

    /** A rate limit is HTTP 429 with {@code Retry-After} (Slack always sends it); other faults carry their status. */
    static Response fault(Fault fault) {
        String code = switch (fault.status()) {
            case 429 -> "ratelimited";
            case 503 -> "service_unavailable";
            case 408, 504 -> "request_timeout";
            default -> fault.status() >= 500 ? "internal_error" : "fatal_error";
        };
        Response.ResponseBuilder response = Response.status(fault.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new SlackReply(false, code, null, null, null));
        if (fault.status() == 429 && fault.retryAfterSeconds() <= 0) {
            return response.header("Retry-After", "1").build();
        }
        return fault.withRetryAfter(response).build();
    }

    private static Response ok(SlackReply reply) {
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
