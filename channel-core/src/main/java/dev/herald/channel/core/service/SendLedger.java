package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;

import java.time.Duration;
import java.util.UUID;

/**
 * Remembers, durably and for every replica, which notifications went to a provider, keyed by the deterministic
 * notification id, so that a redelivered dispatch (a consumer that died before its ack, a status publish that was
 * not confirmed, the same dispatch published twice) is never sent twice.
 *
 * <p>The protocol, per send: {@link #claim} before the provider call (the row says {@code sending}), then
 * {@link #recordSent} when the provider accepted it, or {@link #release} when it certainly did not (a transient or
 * permanent failure), so that a later attempt may claim it again. A claim with no outcome after it is in doubt: the
 * process died or lost the database between the provider call and the record, and nobody knows whether the provider
 * took the message. Such a notification is never resent automatically; only an operator's redrive (a new
 * {@code redriveId}) may claim it again, and nothing may claim one recorded as sent.
 *
 * <p>The production ledger is {@link dev.herald.channel.core.repository.PostgresSendLedger}; {@link NoSendLedger} remembers nothing
 * ({@code herald.channel.ledger.enabled=false}, only to measure what the ledger costs).
 */
public interface SendLedger {

    /**
     * Claims the notification for this attempt.
     *
     * @param redriveId the operator redrive that published this dispatch ({@code x-herald-redrive}), or null
     * @throws LedgerUnavailableException when the ledger cannot say (the send must not happen)
     */
    Claim claim(DispatchMessage dispatch, String redriveId);

    /**
     * The provider accepted the claimed notification; called before its {@code sent} status is published. Recorded
     * whoever holds the claim now: it is a fact about the provider.
     */
    void recordSent(UUID notificationId, String provider, String providerMessageId);

    /**
     * The provider certainly did not take it (it refused, or never answered before the request went out): gives the
     * claim up, unless another attempt has taken it over since (an operator's redrive of a claim in doubt).
     */
    void release(UUID notificationId, Claimed claim);

    sealed interface Claim {
    }

    /** This attempt holds the claim, {@code claimId}: send. */
    record Claimed(UUID claimId) implements Claim {
    }

    /** A provider already accepted the notification: report {@code sent} again, do not send. */
    record AlreadySent(String provider, String providerMessageId, int attempt) implements Claim {
    }

    /**
     * Another attempt claimed it {@code age} ago and recorded no outcome yet: still in flight on some replica, or
     * in doubt once older than the in-flight grace.
     */
    record ClaimedElsewhere(int attempt, Duration age) implements Claim {
    }

    /** The ledger could not be read or written (database down, timeout). */
    class LedgerUnavailableException extends RuntimeException {
        public LedgerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
