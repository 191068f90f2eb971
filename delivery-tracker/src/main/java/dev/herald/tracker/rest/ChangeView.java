package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.model.NotificationChange;

import java.time.Instant;
import java.util.UUID;

/** The data of a stream event: a notification's state as of {@code updatedAt}. */
public record ChangeView(UUID notificationId, UUID eventId, String userId, Channel channel, NotificationState state,
        int attempt, String reason, Instant updatedAt) {

    static ChangeView of(NotificationChange change) {
        return new ChangeView(change.notificationId(), change.eventId(), change.userId(), change.channel(),
                change.state(), change.attempt(), change.reason(), change.updatedAt());
    }
}
