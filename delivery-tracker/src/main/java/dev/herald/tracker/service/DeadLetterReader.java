package dev.herald.tracker.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.tracker.model.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes sense of a dead letter: which notification it is (if its body is a dispatch at all), at which attempt, and
 * why it died: from our {@code x-herald-dead-letter-reason} header, or else from the broker's most recent
 * {@code x-death} entry. Not {@code x-first-death-*}: a dispatch that went through a retry wait queue first died
 * there (expired, by design), and the first death would name that.
 */
public final class DeadLetterReader {

    static final String FIRST_DEATH_REASON = "x-first-death-reason";
    static final String FIRST_DEATH_QUEUE = "x-first-death-queue";
    static final String DEATHS = "x-death";
    private static final List<String> KEPT_HEADERS = List.of(MessageHeaders.TRACEPARENT, MessageHeaders.ATTEMPT,
            MessageHeaders.DEAD_LETTER_REASON, FIRST_DEATH_REASON, FIRST_DEATH_QUEUE);

    private DeadLetterReader() {
    }

    public static DeadLetter read(Channel channel, byte[] payload, Map<String, Object> headers, MessageCodec codec,
            Instant now) {
        byte[] body = payload == null ? new byte[0] : payload;
        Map<String, Object> raw = headers == null ? Map.of() : headers;
        DispatchMessage dispatch;
        try {
            dispatch = codec.decode(body, DispatchMessage.class);
            if (dispatch == null || dispatch.notificationId() == null) {
                dispatch = null;
            }
        } catch (MessageCodec.PoisonMessageException e) {
            dispatch = null;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = text(raw.get(name));
            if (value != null) {
                kept.put(name, value);
            }
        }
        Map<?, ?> lastDeath = lastDeath(raw.get(DEATHS));
        String ours = text(raw.get(MessageHeaders.DEAD_LETTER_REASON));
        String origin = ours != null ? "herald" : "broker";
        String reason = ours != null ? ours : lastDeath != null
                ? brokerReason(text(lastDeath.get("reason")), text(lastDeath.get("queue")), dispatch == null)
                : brokerReason(text(raw.get(FIRST_DEATH_REASON)), text(raw.get(FIRST_DEATH_QUEUE)), dispatch == null);
        Integer attempt = integer(raw.get(MessageHeaders.ATTEMPT));
        if (attempt == null && dispatch != null) {
            attempt = dispatch.attempt();
        }
        String key = dispatch != null ? dispatch.notificationId().toString() : "sha256:" + sha256(body);
        Instant at = lastDeath != null && lastDeath.get("time") instanceof Date time ? time.toInstant() : now;
        return new DeadLetter(channel, key, dispatch, attempt, reason, origin, body, kept, at);
    }

    static String brokerReason(String deathReason, String queue, boolean undecodable) {
        String where = queue == null ? "" : " in " + queue;
        String what = switch (deathReason == null ? "" : deathReason) {
            case "rejected" -> undecodable ? "rejected as poison: the body is not a dispatch"
                    : "rejected by the channel worker (it could not be processed or its outcome not published)";
            case "delivery_limit" -> "poison: redelivered past the queue's delivery limit";
            case "expired" -> "expired in the queue";
            case "maxlen" -> "dropped by the queue's length limit";
            case "" -> undecodable ? "not a dispatch" : "dead-lettered for an unknown reason";
            default -> deathReason;
        };
        return what + where;
    }

    /** The most recent entry of {@code x-death} (the broker keeps it first). */
    private static Map<?, ?> lastDeath(Object deaths) {
        return deaths instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> last ? last : null;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    private static Integer integer(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
