package dev.herald.sandbox.provider.sendgrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.sandbox.config.SandboxConfig;
import dev.herald.sandbox.service.WebhookDispatcher;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SendGrid's Signed Event Webhook, played back for each accepted mail: one batch (a JSON array) per request, with the
 * events SendGrid would send for each recipient, each carrying the request's {@code custom_args} at top level and an
 * {@code sg_message_id} that starts with the {@code X-Message-Id} the send returned.
 *
 * <table>
 *   <caption>Events per recipient</caption>
 *   <tr><th>recipient</th><th>events</th></tr>
 *   <tr><td>any other</td><td>processed, delivered</td></tr>
 *   <tr><td>{@code bounce@...}</td><td>processed, bounce (type bounce, 5.1.1)</td></tr>
 *   <tr><td>{@code dropped@...}</td><td>dropped (reason "Bounced Address")</td></tr>
 *   <tr><td>{@code spamreport@...}</td><td>processed, delivered, spamreport</td></tr>
 * </table>
 *
 * <p>Signed at each attempt with {@link EventWebhookKey}: {@code X-Twilio-Email-Event-Webhook-Timestamp} is the time
 * of sending and {@code X-Twilio-Email-Event-Webhook-Signature} covers it and the body.
 */
@Singleton
public class SendGridEventWebhook {

    static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final WebhookDispatcher dispatcher;
    private final EventWebhookKey key;
    private final ObjectMapper json;
    private final Optional<URI> url;

    SendGridEventWebhook(WebhookDispatcher dispatcher, EventWebhookKey key, ObjectMapper json, SandboxConfig config) {
        this.dispatcher = dispatcher;
        this.key = key;
        this.json = json;
        this.url = config.webhooks().sendgridUrl().filter(value -> !value.isBlank()).map(URI::create);
        url.ifPresent(target -> Log.infof("SendGrid events go to %s", target));
    }

    /** Schedules the events of a mail accepted as {@code messageId}. */
    void accepted(String messageId, List<SendGridMail.Recipient> recipients, Instant at) {
        if (url.isEmpty() || !dispatcher.enabled() || recipients.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(events(messageId, recipients, at));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        dispatcher.schedule("sendgrid events of " + messageId, Duration.ZERO, () -> {
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            return new WebhookDispatcher.Webhook(url.get(), "application/json", body,
                    Map.of(SIGNATURE_HEADER, key.sign(timestamp, body), TIMESTAMP_HEADER, timestamp));
        });
    }

    ArrayNode events(String messageId, List<SendGridMail.Recipient> recipients, Instant at) {
        ArrayNode events = json.createArrayNode();
        long timestamp = at.getEpochSecond();
        String sgMessageId = messageId + ".filterdrecv-sandbox-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()) + "-1-" + Long.toHexString(at.toEpochMilli()).toUpperCase() + ".0";
        for (SendGridMail.Recipient recipient : recipients) {
            String outcome = MagicAddresses.outcome(recipient.email());
            switch (outcome) {
                case "bounce" -> {
                    events.add(event("processed", recipient, messageId, sgMessageId, timestamp));
                    events.add(event("bounce", recipient, messageId, sgMessageId, timestamp)
                            .put("type", "bounce").put("status", "5.1.1").put("bounce_classification", "Invalid Address")
                            .put("reason", "550 5.1.1 The email account that you tried to reach does not exist."));
                }
                case "dropped" -> events.add(event("dropped", recipient, messageId, sgMessageId, timestamp)
                        .put("reason", "Bounced Address"));
                case "spamreport" -> {
                    events.add(event("processed", recipient, messageId, sgMessageId, timestamp));
                    events.add(delivered(recipient, messageId, sgMessageId, timestamp));
                    events.add(event("spamreport", recipient, messageId, sgMessageId, timestamp));
                }
                default -> {
                    events.add(event("processed", recipient, messageId, sgMessageId, timestamp));
                    events.add(delivered(recipient, messageId, sgMessageId, timestamp));
                }
            }
        }
        return events;
    }

    private ObjectNode delivered(SendGridMail.Recipient recipient, String messageId, String sgMessageId, long timestamp) {
        return event("delivered", recipient, messageId, sgMessageId, timestamp)
                .put("response", "250 2.0.0 OK sandbox").put("tls", 1);
    }

    private ObjectNode event(String name, SendGridMail.Recipient recipient, String messageId, String sgMessageId,
            long timestamp) {
        ObjectNode event = json.createObjectNode();
        // custom_args first, so SendGrid's own fields win a clash, as at SendGrid
        recipient.customArgs().forEach(event::put);
        event.put("email", recipient.email())
                .put("timestamp", timestamp)
                .put("event", name)
                .put("sg_event_id", eventId())
                .put("sg_message_id", sgMessageId)
                .put("smtp-id", "<" + messageId + "@sandbox.herald>");
        return event;
    }

    private static String eventId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
