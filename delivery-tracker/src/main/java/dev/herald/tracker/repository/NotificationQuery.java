package dev.herald.tracker.repository;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;

import java.util.UUID;

/**
 * A page of one tenant's notifications, newest first, optionally filtered; {@code after} is the last item of the
 * previous page (null for the first page). Null filters match everything.
 */
public record NotificationQuery(
        String tenant,
        String userId,
        UUID eventId,
        Channel channel,
        NotificationState state,
        Keyset after,
        int limit) {
}
