package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;

import java.time.Duration;

/**
 * Decides whether a dispatch may go to the provider now (provider rate limits, per-tenant budgets). A deferred
 * dispatch waits in the broker's retry tier of at least the given delay and comes back with the same attempt
 * number: being throttled is not a failed attempt. The default, {@link NoThrottle}, lets everything through;
 * a channel or a later shared implementation (token buckets, shared across replicas) replaces it by declaring
 * its own bean of this type.
 */
public interface SendThrottle {

    Decision acquire(DispatchMessage dispatch);

    sealed interface Decision {
    }

    /** Send now. */
    record Proceed() implements Decision {
    }

    /** Do not send before {@code delay} has passed. */
    record Defer(Duration delay) implements Decision {
    }

    Decision PROCEED = new Proceed();
}
