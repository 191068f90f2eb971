package dev.herald.filter.service.policy;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Recipient;

import java.time.Instant;

/**
 * What one decision is taken on: the event's category and criticality, one channel, the recipient ({@code null}
 * when the user is unknown to the tenant) and the time of the decision (for time-dependent rules such as quiet hours).
 */
public record DecisionInput(String category, boolean critical, Channel channel, Recipient recipient, Instant now) {

    public boolean knownUser() {
        return recipient != null;
    }
}
