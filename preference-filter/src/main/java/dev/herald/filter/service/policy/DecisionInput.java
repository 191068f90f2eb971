package dev.herald.filter.service.policy;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.CategoryDefault;
import dev.herald.filter.service.Recipient;

import java.time.Instant;

/**
 * What one decision is taken on: the event's category and whether it is critical (the event says so, or its
 * category is critical), one channel, the recipient ({@code null} when the user is unknown to the tenant), the
 * tenant's default for the category ({@code null} when the tenant has none) and the time of the decision.
 */
public record DecisionInput(String category, boolean critical, Channel channel, Recipient recipient, Instant now,
        CategoryDefault categoryDefault) {

    public DecisionInput(String category, boolean critical, Channel channel, Recipient recipient, Instant now) {
        this(category, critical, channel, recipient, now, null);
    }

    public boolean knownUser() {
        return recipient != null;
    }

    /** The same decision as if the event were not critical: what a critical event bypasses. */
    public DecisionInput notCritical() {
        return new DecisionInput(category, false, channel, recipient, now, categoryDefault);
    }
}
