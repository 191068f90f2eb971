package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** The default {@link SendThrottle}: never throttles; the provider's own 429s are honoured through retries. */
@DefaultBean
@ApplicationScoped
public class NoThrottle implements SendThrottle {

    @Override
    public Decision acquire(DispatchMessage dispatch) {
        return PROCEED;
    }
}
