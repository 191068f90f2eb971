package dev.herald.sandbox.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message as a provider received it, for one recipient.
 *
 * @param to          email address, phone number, Slack channel id, or FCM device token ({@code topic:<t>} /
 *                    {@code condition:<c>} for those targets)
 * @param from        sender address, sender number or messaging service SID
 * @param subject     email subject or push notification title
 * @param body        text/plain part (or the HTML when there is none), SMS body, Slack text, push body
 * @param html        the text/html part of an email
 * @param headers     custom email headers, e.g. {@code List-Unsubscribe}
 * @param data        SendGrid {@code custom_args} or the FCM data payload
 * @param blocks      Slack Block Kit blocks as sent
 * @param callbackUrl Twilio {@code StatusCallback}
 * @param outcome     what the provider would report later: {@code delivered} unless a magic address says otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedMessage(SandboxChannel channel, String to, String from, String subject, String body, String html,
        Map<String, String> headers, Map<String, String> data, JsonNode blocks, String callbackUrl,
        String providerMessageId, String outcome, Instant receivedAt) {

    public static final String DELIVERED = "delivered";

    public static RecordedMessage email(String to, String from, String subject, String body, String html,
            Map<String, String> headers, Map<String, String> customArgs, String messageId, String outcome,
            Instant receivedAt) {
        return new RecordedMessage(SandboxChannel.EMAIL, to, from, subject, body, html, emptyToNull(headers),
                emptyToNull(customArgs), null, null, messageId, outcome, receivedAt);
    }

    public static RecordedMessage sms(String to, String from, String body, String callbackUrl, String sid,
            Instant receivedAt) {
        return sms(to, from, body, callbackUrl, sid, DELIVERED, receivedAt);
    }

    /** @param outcome the final status the status callback reports: delivered, undelivered or failed */
    public static RecordedMessage sms(String to, String from, String body, String callbackUrl, String sid,
            String outcome, Instant receivedAt) {
        return new RecordedMessage(SandboxChannel.SMS, to, from, null, body, null, null, null, null, callbackUrl,
                sid, outcome, receivedAt);
    }

    public static RecordedMessage slack(String channel, String text, JsonNode blocks, String ts, Instant receivedAt) {
        return new RecordedMessage(SandboxChannel.SLACK, channel, null, null, text, null, null, null, blocks, null,
                ts, DELIVERED, receivedAt);
    }

    public static RecordedMessage push(String target, String title, String body, Map<String, String> data,
            String name, Instant receivedAt) {
        return new RecordedMessage(SandboxChannel.PUSH, target, null, title, body, null, null, emptyToNull(data),
                null, null, name, DELIVERED, receivedAt);
    }

    private static Map<String, String> emptyToNull(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
