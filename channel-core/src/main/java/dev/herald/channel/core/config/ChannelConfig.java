package dev.herald.channel.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the channel worker pipeline, the same keys for every channel ({@code herald.channel.*}). */
@ConfigMapping(prefix = "herald.channel")
public interface ChannelConfig {

    /**
     * Deliveries of one notification (the first delivery is attempt 1) before a transient failure dead-letters it
     * instead of scheduling another retry.
     */
    @WithDefault("5")
    int maxAttempts();

    /**
     * A returning retry waits up to this fraction of the tier it came from, at random, before it is sent, so that
     * dispatches that failed together do not come back together; 0 switches it off.
     */
    @WithDefault("0.2")
    double retryJitter();

    /** The longest such wait; it holds the dispatch unacknowledged within the prefetch. */
    @WithDefault("2s")
    Duration retryJitterMax();

    /** The locale whose templates are tried after the recipient's own locale and its language. */
    @WithDefault("en")
    String defaultLocale();

    /** The name of each channel's catch-all template set, used for event types that have no templates of their own. */
    @WithDefault("generic")
    String genericTemplate();

    /**
     * At shutdown, how long to wait for the dispatches in flight (taking no new ones) before the connector closes;
     * keep it at least the provider's connect plus read timeout, and the pod's termination grace period above it.
     */
    @WithDefault("40s")
    Duration shutdownWait();

    /** The send ledger: which notifications a provider already accepted, shared by every replica (PostgreSQL). */
    Ledger ledger();

    /** The token bucket of the provider account, this replica's share of it. */
    Throttle throttle();

    interface Ledger {

        /**
         * Off only to measure what the ledger costs: without it a redelivered dispatch is sent again.
         */
        @WithDefault("true")
        boolean enabled();

        /** Rows untouched for this long are purged; a redelivery later than this is no longer recognised. */
        @WithDefault("7d")
        Duration retention();

        /** How often this replica purges rows older than {@link #retention()}. */
        @WithDefault("1h")
        Duration purgeInterval();

        /**
         * A claim younger than this may still be in flight on another replica (the same dispatch published twice):
         * a second copy waits in a retry tier instead of being dead-lettered. Keep it above the provider's connect
         * plus read timeout; a claim older than this without an outcome is in doubt ({@code outcome_unknown}).
         */
        @WithDefault("2m")
        Duration inFlightGrace();

        /**
         * Longest wait for one ledger statement; a dispatch whose claim gets no answer is parked (same attempt) in a
         * retry tier that grows with the outage.
         */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Most claims (and, separately, outcomes) written in one statement. Claims of dispatches in flight while a
         * batch is being written go together into the next one; the prefetch bounds how many there can be.
         */
        @WithDefault("64")
        int maxBatchSize();

        /**
         * Claim batches, and separately outcome batches, in flight at once; each holds a database connection, so
         * keep twice this below the pool ({@code quarkus.datasource.reactive.max-size}).
         */
        @WithDefault("2")
        int maxConcurrentBatches();
    }

    interface Throttle {

        /** Off: every dispatch goes to the provider at once; its 429s are still honoured through retries. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Sends per second this replica may make: the provider account's rate divided by the number of replicas
         * (the account's budget is shared; each replica gets its share).
         */
        @WithDefault("100")
        double rate();

        /** Sends this replica may make at once after being idle (the bucket's capacity). */
        @WithDefault("100")
        int burst();

        /**
         * Longest a dispatch waits for a token, unacknowledged, on its virtual thread; after that it is deferred
         * through a retry tier (same attempt).
         */
        @WithDefault("10s")
        Duration maxWait();

        /** Pause after a rate limit that came without Retry-After. */
        @WithDefault("1s")
        Duration defaultPause();

        /** After a rate limit halved the rate, it grows back by a tenth of {@link #rate()} per interval. */
        @WithDefault("5s")
        Duration recoveryInterval();
    }
}
