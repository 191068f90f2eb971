package dev.herald.channel.core.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long a channel's provider client waits, the same keys in every channel's provider group: extend it from the
 * vendor's {@code @ConfigMapping} group ({@code herald.push.fcm.connect-timeout}, ...). A wait that runs out is a
 * transient {@code timeout} ({@link dev.herald.channel.core.provider.TransportFailures}), retried through the broker.
 * An adapter whose SDK also keeps a connection pool extends {@link ProviderConnection} instead.
 */
public interface ProviderTimeouts {

    /** How long to wait for a TCP (and TLS) connection to the provider before the attempt is a transient failure. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long to wait for the provider's answer before the attempt counts as a transient failure. */
    @WithDefault("30s")
    Duration readTimeout();
}
