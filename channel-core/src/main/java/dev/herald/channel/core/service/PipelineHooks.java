package dev.herald.channel.core.service;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.repository.PostgresSendLedger;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The pipeline's ledger and throttle as configured: the PostgreSQL ledger and the token bucket, unless switched off.
 * Default beans, so a channel may declare its own of either type.
 */
@ApplicationScoped
class PipelineHooks {

    @Produces
    @DefaultBean
    @ApplicationScoped
    SendLedger sendLedger(ChannelConfig config, Instance<PostgresSendLedger> postgres) {
        return config.ledger().enabled() ? postgres.get() : new NoSendLedger();
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    SendThrottle sendThrottle(ChannelConfig config) {
        return config.throttle().enabled() ? new TokenBucketThrottle(config.throttle()) : new NoThrottle();
    }
}
