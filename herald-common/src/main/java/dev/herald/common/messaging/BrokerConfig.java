package dev.herald.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * RabbitMQ connection and topology settings shared by every service. The RabbitMQ connector's own
 * {@code rabbitmq-*} keys are derived from these (see {@code META-INF/microprofile-config.properties}).
 */
@ConfigMapping(prefix = "herald.rabbitmq")
public interface BrokerConfig {

    @WithDefault("localhost")
    String host();

    @WithDefault("5672")
    int port();

    @WithDefault("guest")
    String username();

    @WithDefault("guest")
    String password();

    @WithDefault("/")
    String virtualHost();

    /** How long a publisher waits for the broker's confirm before it gives up and reports the broker unavailable. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Pause between reconnection attempts while the broker is unreachable. */
    @WithDefault("2s")
    Duration recoveryInterval();

    Topology topology();

    interface Topology {

        /** Bound of every work queue ({@code x-max-length}); past it the broker refuses publishes. */
        @WithDefault("200000")
        int maxLength();

        /** Quorum-queue delivery limit: a message redelivered more often is poison and dead-lettered. */
        @WithDefault("10")
        int deliveryLimit();

        /**
         * Retry delay tiers. Each tier is a wait queue per channel whose name carries its delay, so changing the
         * tiers creates new queues rather than clashing with the arguments of existing ones.
         */
        @WithDefault("1s,5s,30s,2m,10m")
        List<Duration> retryTiers();
    }
}
