package dev.herald.tracker.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/events/{id}}: the event and its notifications. The event's own fields are null while only
 * statuses of it have arrived. {@code notifications} lists at most {@code herald.tracker.event-notifications-limit}
 * (oldest first; {@code notificationsTruncated} says when there are more), {@code counts} covers all of them.
 */
public record EventView(
        UUID eventId,
        String tenant,
        String type,
        String category,
        String source,
        Boolean critical,
        Instant acceptedAt,
        Instant expiresAt,
        Integer recipients,
        List<NotificationView> notifications,
        boolean notificationsTruncated,
        Map<String, Long> counts) {
}
