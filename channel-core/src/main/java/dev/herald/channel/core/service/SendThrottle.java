package dev.herald.channel.core.service;

import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.common.contract.DispatchMessage;

import java.time.Duration;

/**
 * Decides whether a dispatch may go to the provider now (provider rate limits). It may block the caller's virtual
 * thread for a while (the dispatch stays unacknowledged within the prefetch); a deferred dispatch waits in the
 * broker's retry tier of at least the given delay and comes back with the same attempt number: being throttled is not
 * a failed attempt. The pipeline reports every provider outcome back, so a throttle can slow down when the provider
 * says the account sends too fast. See {@link TokenBucketThrottle} (the default) and {@link NoThrottle}
 * ({@code herald.channel.throttle.enabled=false}); a channel may declare its own bean of this type.
 */
public interface SendThrottle {

    Decision acquire(DispatchMessage dispatch);

    /**
     * A send that {@link #acquire} let through did not happen after all (the template failed, the notification was
     * already sent or claimed elsewhere, the ledger unavailable): its token goes back.
     */
    default void unused() {
    }

    /** What the provider made of a send that {@link #acquire} let through. */
    default void onOutcome(SendOutcome outcome) {
    }

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
