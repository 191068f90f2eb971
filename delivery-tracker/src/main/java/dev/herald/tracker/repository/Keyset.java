package dev.herald.tracker.repository;

import java.time.Instant;
import java.util.UUID;

/** A position in the notification listing order: (created_at, notification_id), both immutable. */
public record Keyset(Instant createdAt, UUID notificationId) {
}
