package dev.herald.filter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the preference filter ({@code herald.filter.*}). */
@ConfigMapping(prefix = "herald.filter")
public interface FilterConfig {

    /** The locale of a dispatch whose recipient has none stored. */
    @WithDefault("en")
    String defaultLocale();

    /** The time zone in which quiet hours are read for a user who has none stored. */
    @WithDefault("UTC")
    String defaultTimezone();

    /**
     * Where end users reach this service: the base of the settings-page and unsubscribe links
     * ({@code HERALD_FILTER_PUBLIC_URL}). Use HTTPS in production: RFC 8058 one-click unsubscribe requires it.
     */
    @WithDefault("http://localhost:8081")
    String publicUrl();

    /**
     * The secret that signs settings-page and unsubscribe links ({@code HERALD_FILTER_LINK_SECRET}), at least 32
     * characters, the same on every replica. Production has no default: without it the links are off (the link API
     * and the page answer 503, emails carry no unsubscribe headers) and the start-up log says so. Dev and test
     * generate one per process.
     */
    Optional<String> linkSecret();

    /** How long a settings-page link stays valid. */
    @WithDefault("7d")
    Duration linkTtl();

    /** How long an unsubscribe link in an email stays valid: mail is read long after it was sent. */
    @WithDefault("180d")
    Duration unsubscribeLinkTtl();

    /** How an event is retried while the broker or the database cannot take its work (see README). */
    Retry retry();

    /** The cache of recipient and category lookups. */
    Cache cache();

    /** The release of notifications deferred by quiet hours. */
    Deferred deferred();

    /**
     * How many of an event's recipients are looked up, decided, stored and published at a time. An event with more
     * recipients is processed chunk after chunk, with its progress recorded after each one, so that memory stays
     * bounded by the chunk and a redelivered or retried event resumes after its last completed chunk.
     */
    @WithDefault("1000")
    int chunkSize();

    /** How long the progress of an event that never finished (dead-lettered) is kept for its redrive. */
    @WithDefault("7d")
    Duration progressRetention();

    /**
     * Per-channel frequency caps, keyed by the channel's wire name ({@code email}, {@code sms}, {@code push},
     * {@code slack}): {@code herald.filter.frequency-caps.sms.limit=5}. A channel without an entry is not capped;
     * none is by default.
     */
    Map<String, FrequencyCap> frequencyCaps();

    interface FrequencyCap {

        /** The most notifications a user is sent on the channel within {@link #window()}. */
        int limit();

        /** The sliding window the limit applies to. */
        @WithDefault("1h")
        Duration window();
    }

    interface Retry {

        /** The first pause after a transient failure; it doubles with every further failure. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** The longest pause between two attempts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Cache {

        /** Whether lookups are cached (invalidated on every change, on every replica, through PostgreSQL NOTIFY). */
        @WithDefault("true")
        boolean enabled();

        /** The most users kept, over all tenants. */
        @WithDefault("100000")
        long maximumSize();

        /** A safety net: an entry is read again after this long even if no change was announced. */
        @WithDefault("10m")
        Duration expireAfterWrite();
    }

    interface Deferred {

        /** How often due deferred notifications are looked for (one indexed query). */
        @WithDefault("5s")
        Duration pollInterval();

        /** The most notifications released in one transaction. */
        @WithDefault("200")
        int batchSize();
    }
}
