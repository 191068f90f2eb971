package dev.herald.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the delivery tracker ({@code herald.tracker.*}). */
@ConfigMapping(prefix = "herald.tracker")
public interface TrackerConfig {

    /** How statuses are written. */
    StatusWrites statusWrites();

    /**
     * Most notifications {@code GET /v1/events/{id}} lists inline (the counts always cover all of them); page through
     * the rest with {@code GET /v1/notifications?eventId=}.
     */
    @WithDefault("1000")
    int eventNotificationsLimit();

    interface StatusWrites {

        /**
         * Most statuses written in one transaction. Statuses that arrive while a transaction is in flight are
         * gathered into the next one, so under load each commit carries many; keep it below the consumer's prefetch
         * ({@code mp.messaging.incoming.statuses.max-outstanding-messages}) so the next batch can fill meanwhile.
         */
        @WithDefault("100")
        int maxBatchSize();

        /** Status transactions in flight at once (each holds one database connection). */
        @WithDefault("2")
        int maxConcurrentBatches();

        /**
         * How often a transaction that failed for a transient reason (deadlock, serialization failure, lost
         * connection) is retried before its statuses are dead-lettered.
         */
        @WithDefault("3")
        int retries();
    }
}
