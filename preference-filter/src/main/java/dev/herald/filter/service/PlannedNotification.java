package dev.herald.filter.service;

import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;

import java.time.Instant;

/**
 * What the filter does for one (recipient, channel), with the status that records the decision and its reason:
 * <ul>
 *   <li>dispatch now: {@code dispatch} with a {@code queued} status;</li>
 *   <li>defer: {@code dispatch} is held until {@code releaseAt}, with a {@code deferred} status;</li>
 *   <li>suppress: only a {@code suppressed} status ({@code dispatch} is null).</li>
 * </ul>
 */
public record PlannedNotification(DispatchMessage dispatch, StatusMessage status, Instant releaseAt) {

    public PlannedNotification(DispatchMessage dispatch, StatusMessage status) {
        this(dispatch, status, null);
    }

    /** Whether a dispatch is published now. */
    public boolean dispatched() {
        return dispatch != null && releaseAt == null;
    }

    /** Whether the dispatch waits for the end of quiet hours. */
    public boolean deferred() {
        return releaseAt != null;
    }

    public NotificationState state() {
        return status.state();
    }
}
