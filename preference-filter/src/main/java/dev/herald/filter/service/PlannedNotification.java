package dev.herald.filter.service;

import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.StatusMessage;

/**
 * What the filter publishes for one (recipient, channel): a dispatch with its {@code queued} status, or only a
 * {@code suppressed} status ({@code dispatch} is then null).
 */
public record PlannedNotification(DispatchMessage dispatch, StatusMessage status) {

    public boolean dispatched() {
        return dispatch != null;
    }
}
