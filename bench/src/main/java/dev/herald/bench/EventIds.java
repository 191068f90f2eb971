package dev.herald.bench;

import java.time.Instant;
import java.util.UUID;

/**
 * Ingress makes event ids as UUID version 7 right before it publishes the event (the event's {@code acceptedAt} is
 * taken in the same instant), so the id carries the acceptance time to the millisecond. Using it as the start of
 * "accepted -> provider" overstates that latency by less than a millisecond, never understates it.
 */
public final class EventIds {

    private EventIds() {
    }

    public static Instant acceptedAt(String eventId) {
        UUID uuid = UUID.fromString(eventId);
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("event id " + eventId + " is not a UUID version 7");
        }
        return Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16);
    }
}
