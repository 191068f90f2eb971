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
 * SendGrid's Signed Event Webhook, played back for each accepted mail: the events SendGrid would send for each
 * recipient, each carrying the request's {@code custom_args} at top level and an {@code sg_message_id} that starts
 * with the {@code X-Message-Id} the send returned.
 *
 * <p>Batched as SendGrid batches them (it posts every 30 seconds or at 768 KB): the events of every mail accepted
 * within {@code sendgrid-batch-window} of a batch's first go out as one JSON array, one request and one signature, up
 * to {@code sendgrid-batch-max-events} events; a full batch is closed and the next mail opens a new one. One request
 * per mail would cost the receiver an ECDSA verification per mail: the costliest thing the delivery tracker did under
 * load.
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
    private final Duration batchWindow;
    private final int batchMaxEvents;
    private final Object lock = new Object();
    /** The batch mails join, or null when the next mail opens one; guarded by {@link #lock}. */
    private Batch open;

    SendGridEventWebhook(WebhookDispatcher dispatcher, EventWebhookKey key, ObjectMapper json, SandboxConfig config) {
        this.dispatcher = dispatcher;
        this.key = key;
        this.json = json;
        this.url = config.webhooks().sendgridUrl().filter(value -> !value.isBlank()).map(URI::create);
        this.batchWindow = config.webhooks().sendgridBatchWindow();
        this.batchMaxEvents = Math.max(1, config.webhooks().sendgridBatchMaxEvents());
        url.ifPresent(target -> Log.infof("SendGrid events go to %s", target));
    }

    /** Adds the events of a mail accepted as {@code messageId} to the open batch, opening one when there is none. */
    void accepted(String messageId, List<SendGridMail.Recipient> recipients, Instant at) {
        if (url.isEmpty() || !dispatcher.enabled() || recipients.isEmpty()) {
            return;
        }
        ArrayNode events = events(messageId, recipients, at);
        synchronized (lock) {
            if (open == null) {
                Batch batch = new Batch(json.createArrayNode());
                if (!dispatcher.schedule("a batch of sendgrid events", batchWindow, () -> webhook(batch))) {
                    return; // too many webhooks waiting: dropped and counted by the dispatcher
                }
                open = batch;
            }
            open.events().addAll(events);
            if (open.events().size() >= batchMaxEvents) {
                open = null;
            }
        }
    }

    /** The request for {@code batch}, closing it at its first attempt; signed afresh at every attempt. */
    private WebhookDispatcher.Webhook webhook(Batch batch) {
        byte[] body;
        synchronized (lock) {
            if (open == batch) {
                open = null;
            }
            body = batch.body();
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new WebhookDispatcher.Webhook(url.orElseThrow(), "application/json", body,
                Map.of(SIGNATURE_HEADER, key.sign(timestamp, body), TIMESTAMP_HEADER, timestamp));
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

    /** The events of one request; its body is fixed once written, so a retry sends the same events. */
    private final class Batch {

        private final ArrayNode events;
        private byte[] body;

        private Batch(ArrayNode events) {
            this.events = events;
        }

        ArrayNode events() {
            return events;
        }

        /** Called under {@link #lock}: no mail joins a batch whose body was written. */
        byte[] body() {
            if (body == null) {
                try {
                    body = json.writeValueAsBytes(events);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return body;
        }
    }

    private static String eventId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
