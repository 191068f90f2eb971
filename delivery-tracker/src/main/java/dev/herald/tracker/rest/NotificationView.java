package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.model.NotificationEntity;

import java.time.Instant;
import java.util.UUID;

/** A notification's current state, as the event view and the listing show it. */
public record NotificationView(
        UUID notificationId,
        UUID eventId,
        String userId,
        Channel channel,
        NotificationState state,
        int attempt,
        String provider,
        String providerMessageId,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    static NotificationView of(NotificationEntity notification) {
        return new NotificationView(notification.notificationId, notification.eventId, notification.userId,
                notification.channel, notification.state, notification.attempt, notification.provider,
                notification.providerMessageId, notification.reason, notification.createdAt, notification.updatedAt);
    }
}
