package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;

/** A {@link SendThrottle} that never throttles; the provider's own 429s are still honoured through retries. */
public final class NoThrottle implements SendThrottle {

    @Override
    public Decision acquire(DispatchMessage dispatch) {
        return PROCEED;
    }
}
