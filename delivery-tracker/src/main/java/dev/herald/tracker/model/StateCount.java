package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;

/** How many notifications of one event are in one state. */
public record StateCount(NotificationState state, long count) {
}
