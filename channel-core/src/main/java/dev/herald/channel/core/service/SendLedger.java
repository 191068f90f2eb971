package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;

import java.util.Optional;
import java.util.UUID;

/**
 * Remembers which notifications a provider has already accepted, so that a redelivered dispatch (a consumer that
 * died between send and ack, a status publish that was not confirmed) is acknowledged again instead of sent twice.
 * It must be shared by all replicas and durable (a table keyed by the deterministic notification id), never a
 * per-process memory.
 *
 * <p>The default, {@link NoSendLedger}, remembers nothing: until a durable ledger bean replaces it, delivery is
 * at-least-once and a redelivery can send a notification twice.
 */
public interface SendLedger {

    /** The earlier acceptance of this notification by a provider, if there was one. */
    Optional<Entry> find(UUID notificationId);

    /** Records that the provider accepted the dispatch; called before its {@code sent} status is published. */
    void recordSent(DispatchMessage dispatch, String provider, String providerMessageId);

    record Entry(String provider, String providerMessageId) {
    }
}
