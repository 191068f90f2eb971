package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** The default {@link SendLedger}: records nothing and finds nothing, so it does not deduplicate redeliveries. */
@DefaultBean
@ApplicationScoped
public class NoSendLedger implements SendLedger {

    @Override
    public Optional<Entry> find(UUID notificationId) {
        return Optional.empty();
    }

    @Override
    public void recordSent(DispatchMessage dispatch, String provider, String providerMessageId) {
        // nothing to remember without a durable store
    }
}
