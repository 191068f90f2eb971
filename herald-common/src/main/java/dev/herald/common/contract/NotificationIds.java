package dev.herald.common.contract;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers: deterministic notification ids, time-ordered event ids. */
public final class NotificationIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NotificationIds() {
    }

    /**
     * The notification id of (event, user, channel): a name-based UUID, so a redelivered or replayed dispatch
     * carries the same id and can be recognised.
     */
    public static UUID notificationId(UUID eventId, String userId, Channel channel) {
        String name = "herald:" + eventId + ":" + userId + ":" + channel.wireName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A UUID version 7: time-ordered, so event ids index well and sort by acceptance time. */
    public static UUID newEventId() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
