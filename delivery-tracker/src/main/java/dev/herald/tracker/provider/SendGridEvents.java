package dev.herald.tracker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.ProviderReport.Outcome;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads a SendGrid Event Webhook batch (a JSON array of events) into {@link ProviderReport}s.
 *
 * <table>
 *   <caption>SendGrid event to Herald</caption>
 *   <tr><th>event</th><th>outcome</th><th>hygiene</th></tr>
 *   <tr><td>delivered</td><td>delivered</td><td>-</td></tr>
 *   <tr><td>bounce, type bounce</td><td>bounced</td><td>hard_bounce</td></tr>
 *   <tr><td>bounce, type blocked</td><td>bounced</td><td>- (a block is about the sender, not the address)</td></tr>
 *   <tr><td>dropped</td><td>bounced</td><td>by reason: Bounced Address / Invalid: hard_bounce; Spam Reporting Address:
 *       spam_report; Unsubscribed Address: unsubscribed</td></tr>
 *   <tr><td>spamreport</td><td>history only</td><td>spam_report</td></tr>
 *   <tr><td>unsubscribe</td><td>history only</td><td>unsubscribed</td></tr>
 *   <tr><td>processed, deferred, open, click, group_(un|re)subscribe, others</td><td>history only</td><td>-</td></tr>
 * </table>
 *
 * <p>Events name their notification by the custom args channel-email sends ({@code herald_notification_id},
 * {@code herald_tenant}), which SendGrid echoes in every event, else by {@code sg_message_id}, whose part before the
 * first dot is the {@code X-Message-Id} the send returned. An event with neither is of no use and skipped.
 */
public final class SendGridEvents {

    public static final String PROVIDER = "sendgrid";

    private SendGridEvents() {
    }

    /** What a batch held: the usable reports and how many events could not be tied to any notification. */
    public record Batch(List<ProviderReport> reports, int unusable) {
    }

    /** @throws IllegalArgumentException when the body is not a JSON array of objects */
    public static Batch read(JsonNode body, Instant now) {
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("a SendGrid event webhook body is a JSON array of events");
        }
        List<ProviderReport> reports = new ArrayList<>(body.size());
        int unusable = 0;
        for (JsonNode event : body) {
            ProviderReport report = event.isObject() ? report(event, now) : null;
            if (report == null) {
                unusable++;
            } else {
                reports.add(report);
            }
        }
        return new Batch(reports, unusable);
    }

    static ProviderReport report(JsonNode event, Instant now) {
        String name = text(event, "event");
        UUID notificationId = uuid(text(event, "herald_notification_id"));
        String messageId = messageId(text(event, "sg_message_id"));
        if (name == null || (notificationId == null && messageId == null)) {
            return null;
        }
        name = name.toLowerCase(Locale.ROOT);
        String eventKey = text(event, "sg_event_id");
        if (eventKey == null) {
            eventKey = "sha256:" + sha256(event.toString());
        }
        Instant at = event.path("timestamp").canConvertToLong() ? Instant.ofEpochSecond(event.get("timestamp").asLong())
                : now;
        String reason = ProviderText.clean(text(event, "reason"));
        String response = ProviderText.clean(text(event, "response"));
        String status = text(event, "status");
        String type = text(event, "type");
        Outcome outcome;
        String hygiene = null;
        String detail;
        switch (name) {
            case "delivered" -> {
                outcome = Outcome.DELIVERED;
                detail = ProviderText.join("webhook delivered", response);
            }
            case "bounce" -> {
                outcome = Outcome.BOUNCED;
                boolean blocked = "blocked".equalsIgnoreCase(type);
                hygiene = blocked ? null : "hard_bounce";
                detail = ProviderText.join("webhook bounce (" + (blocked ? "blocked" : "bounce") + ")", status,
                        reason);
            }
            case "dropped" -> {
                outcome = Outcome.BOUNCED;
                hygiene = droppedHygiene(reason);
                detail = ProviderText.join("webhook dropped", reason);
            }
            case "spamreport" -> {
                outcome = Outcome.INFO;
                hygiene = "spam_report";
                detail = "the recipient reported the email as spam";
            }
            case "unsubscribe" -> {
                outcome = Outcome.INFO;
                hygiene = "unsubscribed";
                detail = "the recipient unsubscribed from all email";
            }
            case "deferred" -> {
                outcome = Outcome.INFO;
                String attempt = text(event, "attempt");
                detail = ProviderText.join("deferred" + (attempt == null ? "" : " (attempt " + attempt + ")"),
                        response != null ? response : reason);
            }
            default -> {
                outcome = Outcome.INFO;
                detail = ProviderText.join(name, reason);
            }
        }
        String address = hygiene == null ? null : text(event, "email");
        if (hygiene != null && address == null) {
            hygiene = null;
        }
        return new ProviderReport(PROVIDER, eventKey, name, outcome, notificationId, messageId,
                text(event, "herald_tenant"), address, hygiene, detail, at);
    }

    /** The {@code X-Message-Id} inside an {@code sg_message_id}: everything before the first dot. */
    static String messageId(String sgMessageId) {
        if (sgMessageId == null) {
            return null;
        }
        int dot = sgMessageId.indexOf('.');
        String id = dot < 0 ? sgMessageId : sgMessageId.substring(0, dot);
        return id.isBlank() ? null : id;
    }

    private static String droppedHygiene(String reason) {
        if (reason == null) {
            return null;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("bounced address") || lower.contains("invalid")) {
            return "hard_bounce";
        }
        if (lower.contains("spam reporting address")) {
            return "spam_report";
        }
        if (lower.contains("unsubscribed address")) {
            return "unsubscribed";
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(value.strip());
            return parsed.toString().equalsIgnoreCase(value.strip()) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
