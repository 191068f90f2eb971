package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.tracker.model.NotificationEntity;
import dev.herald.tracker.model.NotificationHistoryEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /v1/notifications/{id}}: the current state and the history, oldest first. */
public record NotificationDetailView(
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
        Instant updatedAt,
        int redrives,
        List<HistoryView> history) {

    /**
     * One history entry. {@code ignored} marks an update that arrived late or out of order and changed nothing.
     * {@code event} is null for Herald's own statuses; otherwise it names a provider report or operator action that
     * informs without being a status ({@code sendgrid.deferred}, {@code twilio.sent}, {@code operator.redrive}), and
     * {@code state} is then the state the notification had. {@code round} counts redrives: 0 until the first.
     */
    public record HistoryView(NotificationState state, Instant at, int attempt, String detail, boolean ignored,
            String event, int round) {

        static HistoryView of(NotificationHistoryEntity entry) {
            return new HistoryView(entry.state, entry.at, entry.attempt, entry.detail, entry.ignored, entry.event,
                    entry.round);
        }
    }

    static NotificationDetailView of(NotificationEntity notification, List<NotificationHistoryEntity> history) {
        return new NotificationDetailView(notification.notificationId, notification.eventId, notification.userId,
                notification.channel, notification.state, notification.attempt, notification.provider,
                notification.providerMessageId, notification.reason, notification.createdAt, notification.updatedAt,
                notification.redrives, history.stream().map(HistoryView::of).toList());
    }
}
