package dev.herald.common.contract;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One notification for one recipient on one channel, as the preference filter routes it to a channel queue. */
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
        Instant expiresAt) {

    public static final int SCHEMA_VERSION = 1;

    public DispatchMessage withAttempt(int nextAttempt) {
        return new DispatchMessage(schemaVersion, notificationId, eventId, tenant, type, category, userId, channel,
                address, locale, data, nextAttempt, expiresAt);
    }
}
