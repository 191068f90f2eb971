package dev.herald.common.contract;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One notification for one recipient on one channel, as the preference filter routes it to a channel queue.
 *
 * @param critical       whether the event is critical (it bypassed the user's opt-outs); a critical email carries no
 *                       unsubscribe headers. Absent on the wire means false.
 * @param unsubscribeUrl the one-click unsubscribe URL (RFC 8058) of the notification's category for this user, or
 *                       null when there is none (critical events, channels without such a header, links disabled).
 */
@RegisterForReflection
public record DispatchMessage(
        int schemaVersion,
        UUID notificationId,
        UUID eventId,
        String tenant,
        String type,
        String category,
        String userId,
        Channel channel,
        String address,
        String locale,
        Map<String, Object> data,
        int attempt,
        Instant expiresAt,
        boolean critical,
        String unsubscribeUrl) {

    public static final int SCHEMA_VERSION = 1;

    /** A dispatch of a non-critical notification without an unsubscribe URL (the form before both were added). */
    public DispatchMessage(int schemaVersion, UUID notificationId, UUID eventId, String tenant, String type,
            String category, String userId, Channel channel, String address, String locale, Map<String, Object> data,
            int attempt, Instant expiresAt) {
        this(schemaVersion, notificationId, eventId, tenant, type, category, userId, channel, address, locale, data,
                attempt, expiresAt, false, null);
    }

    public DispatchMessage withAttempt(int nextAttempt) {
        return new DispatchMessage(schemaVersion, notificationId, eventId, tenant, type, category, userId, channel,
                address, locale, data, nextAttempt, expiresAt, critical, unsubscribeUrl);
    }
}
