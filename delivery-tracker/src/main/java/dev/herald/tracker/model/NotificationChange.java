package dev.herald.tracker.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;

import java.time.Instant;
import java.util.UUID;

/**
 * A committed change of one notification's state, as announced to the live streams (and sent to their clients).
 * {@code tenant} confines it: a stream only ever sees its caller's tenant's changes.
 */
public record NotificationChange(
        UUID notificationId,
        UUID eventId,
        String tenant,
        String userId,
        Channel channel,
        NotificationState state,
        int attempt,
        String reason,
        Instant updatedAt) {

    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a longer reason is cut to stay well below. */
    static final int MAX_PAYLOAD_BYTES = 7000;
    private static final int MAX_REASON_CHARS = 500;

    public static String encode(ObjectMapper json, NotificationChange change) {
        try {
            String encoded = json.writeValueAsString(change);
            if (encoded.length() * 3 < MAX_PAYLOAD_BYTES) {
                return encoded;
            }
            String reason = change.reason() == null || change.reason().length() <= MAX_REASON_CHARS ? change.reason()
                    : change.reason().substring(0, MAX_REASON_CHARS - 1) + "…";
            String shorter = json.writeValueAsString(new NotificationChange(change.notificationId(), change.eventId(),
                    change.tenant(), change.userId(), change.channel(), change.state(), change.attempt(), reason,
                    change.updatedAt()));
            return shorter.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MAX_PAYLOAD_BYTES ? shorter
                    : json.writeValueAsString(new NotificationChange(change.notificationId(), change.eventId(),
                            change.tenant(), null, change.channel(), change.state(), change.attempt(), null,
                            change.updatedAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a notification change", e);
        }
    }

    public static NotificationChange of(UUID notificationId, UUID eventId, String tenant, String userId,
            Channel channel, TrackedState state) {
        return new NotificationChange(notificationId, eventId, tenant, userId, channel, state.state(), state.attempt(),
                state.reason(), state.updatedAt());
    }
}
