package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;

import java.util.UUID;

/**
 * A {@link SendLedger} that remembers nothing: every claim succeeds, so a redelivered dispatch is sent again. Only
 * for measuring what the durable ledger costs ({@code herald.channel.ledger.enabled=false}).
 */
public final class NoSendLedger implements SendLedger {

    @Override
    public Claim claim(DispatchMessage dispatch, String redriveId) {
        return new Claimed(UUID.randomUUID());
    }

    @Override
    public void recordSent(UUID notificationId, String provider, String providerMessageId) {
        // nothing to remember without a durable store
    }

    @Override
    public void release(UUID notificationId, Claimed claim) {
        // nothing was claimed
    }
}
