package dev.herald.channel.slack.provider;

import com.google.gson.JsonParseException;
import com.slack.api.methods.SlackApiErrorResponse;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.RetryAfter;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TransportFailures;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Map.entry;

/**
 * The one place that decides what Slack's answer to {@code chat.postMessage} means (table in
 * channel-slack/README.md). Slack answers most failures with HTTP 200, {@code "ok": false} and an {@code error} code;
 * rate limits come as HTTP 429 with {@code Retry-After}, outages as 5xx. Known permanent codes (bad target, bad
 * token or scope, bad message) fail the notification; rate limits, Slack's internal errors, 5xx and network errors
 * are retried; an error code not listed here is taken as permanent, as Slack's client errors are.
 */
final class SlackResponseClassifier {

    static final String RATE_LIMITED = "rate_limited";

    /** Error codes that no retry can fix, with what they mean for a notification. */
    private static final Map<String, String> PERMANENT = Map.ofEntries(
            entry("channel_not_found", "the channel does not exist or the app cannot see it"),
            entry("not_in_channel", "the app is not a member of the channel"),
            entry("is_archived", "the channel is archived"),
            entry("user_not_found", "no such user"),
            entry("cannot_dm_bot", "the recipient is a bot"),
            entry("messages_tab_disabled", "the app's Messages tab is off, so it cannot send direct messages"),
            entry("restricted_action", "a workspace setting keeps the app from posting there"),
            entry("invalid_auth", "Slack refused the bot token"),
            entry("not_authed", "no bot token was sent"),
            entry("account_inactive", "the bot token belongs to a deleted user or workspace"),
            entry("token_revoked", "the bot token was revoked"),
            entry("token_expired", "the bot token expired"),
            entry("no_permission", "the bot token may not do this"),
            entry("missing_scope", "the bot token lacks a scope"),
            entry("ekm_access_denied", "the workspace's encryption keys refuse access"),
            entry("msg_too_long", "the message text is too long"),
            entry("invalid_blocks", "Slack rejected the blocks"),
            entry("invalid_blocks_format", "the blocks are not a valid JSON array"),
            entry("no_text", "the message has no text"),
            entry("invalid_arguments", "Slack rejected the request's arguments"));

    /** Error codes that a later attempt may get past. */
    private static final Map<String, String> TRANSIENT = Map.ofEntries(
            entry("ratelimited", "rate limited"),
            entry(RATE_LIMITED, "rate limited"),
            entry("internal_error", "Slack had an internal error"),
            entry("fatal_error", "Slack could not complete the request"),
            entry("service_unavailable", "Slack is unavailable"),
            entry("request_timeout", "Slack timed out"),
            entry("team_added_to_org", "the workspace is being migrated to an Enterprise Grid org"));

    private SlackResponseClassifier() {
    }

    /**
     * An HTTP 200 answer. Accepted as {@code <channel>/<ts>}, Slack's own address of the message (the channel is the
     * one Slack names, a {@code D...} id for a direct message), falling back to the requested conversation.
     */
    static SendOutcome classify(ChatPostMessageResponse response, String conversation, Instant now) {
        if (response.isOk()) {
            String channel = response.getChannel() != null ? response.getChannel() : conversation;
            return new SendOutcome.Accepted(response.getTs() == null ? null : channel + "/" + response.getTs());
        }
        return byErrorCode(response.getError(), detail(response.getNeeded(), response.getErrors()),
                RetryAfter.fromHeaders(response.getHttpResponseHeaders(), now), OptionalInt.empty());
    }

    /** A non-2xx answer, which the SDK throws: 429 and 5xx are retried; otherwise Slack's error code decides. */
    static SendOutcome classify(SlackApiException failure, Instant now) {
        int status = failure.getResponse().code();
        SlackApiErrorResponse body = failure.getError();
        String error = body == null ? null : body.getError();
        Optional<Duration> retryAfter = RetryAfter.parse(failure.getResponse().header(RetryAfter.HEADER), now);
        if (status == 429) {
            return SendOutcome.TransientFailure.rateLimit(RATE_LIMITED, "rate limited (HTTP 429)", retryAfter);
        }
        if (status >= 500 || status == 408) {
            String code = error != null && !error.isBlank() ? error : "http_" + status;
            return new SendOutcome.TransientFailure(code, "HTTP " + status + ": "
                    + TRANSIENT.getOrDefault(code, "Slack is unavailable"), retryAfter);
        }
        if (error != null && !error.isBlank()) {
            return byErrorCode(error, detail(body.getNeeded(), null), retryAfter, OptionalInt.of(status));
        }
        return new SendOutcome.PermanentFailure("http_" + status, "unexpected answer from Slack");
    }

    /** No answer: refused or reset connections, timeouts and unknown hosts are worth a retry. */
    static SendOutcome classify(IOException failure) {
        return TransportFailures.classify(failure).orElseThrow();
    }

    /** An HTTP 200 answer that is not Slack's JSON (a proxy's error page, say): retried, it is not Slack's verdict. */
    static SendOutcome classify(JsonParseException failure) {
        return new SendOutcome.TransientFailure("invalid_response", "Slack's answer is not JSON");
    }

    private static SendOutcome byErrorCode(String error, String detail, Optional<Duration> retryAfter,
            OptionalInt status) {
        String code = error == null || error.isBlank() ? "unknown_error" : error;
        String http = status.isPresent() ? " (HTTP " + status.getAsInt() + ")" : "";
        if (TRANSIENT.containsKey(code)) {
            String normalised = code.equals("ratelimited") ? RATE_LIMITED : code;
            return new SendOutcome.TransientFailure(normalised, TRANSIENT.get(code) + http + detail, retryAfter,
                    normalised.equals(RATE_LIMITED));
        }
        return new SendOutcome.PermanentFailure(code,
                PERMANENT.getOrDefault(code, "Slack refused the message") + http + detail);
    }

    private static String detail(String neededScope, List<String> errors) {
        StringBuilder detail = new StringBuilder();
        if (neededScope != null && !neededScope.isBlank()) {
            detail.append("; needed: ").append(neededScope);
        }
        if (errors != null && !errors.isEmpty()) {
            detail.append("; ").append(Redaction.reason(String.join("; ", errors)));
        }
        return detail.toString();
    }
}
