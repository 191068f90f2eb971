package dev.herald.channel.core.config;

import io.smallrye.config.WithDefault;

/**
 * The HTTP connection settings of a channel's provider client whose SDK keeps a connection pool: the
 * {@link ProviderTimeouts timeouts} plus the pool size, the same keys in every such vendor group
 * ({@code herald.email.sendgrid.max-connections}, {@code herald.sms.twilio.max-connections}).
 */
public interface ProviderConnection extends ProviderTimeouts {

    /**
     * Concurrent HTTP connections to the provider; keep it at least the consumer's prefetch
     * ({@code max-outstanding-messages}), since every dispatch in flight may hold one.
     */
    @WithDefault("64")
    int maxConnections();
}
