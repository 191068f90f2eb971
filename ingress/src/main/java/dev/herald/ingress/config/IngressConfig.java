package dev.herald.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "herald.ingress")
public interface IngressConfig {

    /** Largest accepted event body in bytes; larger bodies get 413. */
    @WithDefault("4194304")
    int maxBodyBytes();

    /** Most recipients one event may name (a broadcast of 100,000 fits). */
    @WithDefault("100000")
    int maxRecipients();

    /** How long an {@code Idempotency-Key} is remembered. */
    @WithDefault("24h")
    Duration idempotencyKeyTtl();

    RateLimit rateLimit();

    interface RateLimit {

        /** Events per second each tenant may publish through one ingress replica; 0 disables the limit. */
        @WithDefault("2000")
        double perSecond();

        /** Burst above the rate a tenant may use at once. */
        @WithDefault("4000")
        int burst();
    }
}
