package dev.herald.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the delivery tracker ({@code herald.tracker.*}). */
@ConfigMapping(prefix = "herald.tracker")
public interface TrackerConfig {

    /** How statuses are written. */
    StatusWrites statusWrites();

    /** How events are written. */
    EventWrites eventWrites();

    /**
     * Most notifications {@code GET /v1/events/{id}} lists inline (the counts always cover all of them); page through
     * the rest with {@code GET /v1/notifications?eventId=}.
     */
    @WithDefault("1000")
    int eventNotificationsLimit();

    /** Provider webhooks ({@code POST /webhooks/sendgrid}, {@code POST /webhooks/twilio}). */
    Webhooks webhooks();

    /** Server-Sent Event streams of notification changes. */
    LiveUpdates liveUpdates();

    /** Dead-letter listing and redrive. */
    DeadLetters deadLetters();

    /** The RabbitMQ management API, read by the operator page for queue depths. */
    RabbitmqManagement rabbitmqManagement();

    /** The operator page ({@code /ops}). */
    Ops ops();

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

    interface EventWrites {

        /**
         * Most events recorded by one insert (one commit). Events that arrive while inserts are in flight are
         * gathered into the next one; keep it below the consumer's prefetch
         * ({@code mp.messaging.incoming.events.max-outstanding-messages}) so the next batch can fill meanwhile.
         */
        @WithDefault("100")
        int maxBatchSize();

        /** Event inserts in flight at once (each holds one database connection). */
        @WithDefault("2")
        int maxConcurrentBatches();
    }

    interface Webhooks {

        /**
         * The externally visible base URL of this service (e.g. {@code https://herald.example.com}), without a
         * trailing slash. Twilio signs the full URL it called, which behind a proxy or load balancer is not the URL
         * this service sees; when unset, the URL of the request as received is used.
         */
        Optional<String> publicBaseUrl();

        SendGrid sendgrid();

        Twilio twilio();

        /**
         * How far a SendGrid webhook's signed timestamp may lie from now, either way, before it is refused as a
         * replay (or a badly skewed clock).
         */
        @WithDefault("10m")
        Duration replayWindow();

        /**
         * How long an event naming a notification the tracker does not know yet (its {@code sent} status may still
         * be on its way) is retried before it is given up as unmatched.
         */
        @WithDefault("15m")
        Duration unmatchedRetryFor();

        /**
         * How long applied events are kept: a provider that re-sends an event within this time is recognised and
         * changes nothing (SendGrid retries for 24 hours).
         */
        @WithDefault("3d")
        Duration retention();

        /** Most stored events applied in one transaction. */
        @WithDefault("200")
        int applyBatchSize();
    }

    interface SendGrid {

        /**
         * The Event Webhook's verification key, as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo of an
         * ECDSA P-256 key. Unset: every SendGrid webhook is refused.
         */
        Optional<String> publicKey();
    }

    interface Twilio {

        /** The Twilio account's auth token, the HMAC key of {@code X-Twilio-Signature}. Unset: every callback is refused. */
        Optional<String> authToken();
    }

    interface LiveUpdates {

        /**
         * Whether committed changes are announced through PostgreSQL {@code NOTIFY} (so a stream on any replica
         * sees changes recorded by every replica) and streams are served.
         */
        @WithDefault("true")
        boolean enabled();

        /** Most streams open at once on this replica; beyond it a stream request is answered 503. */
        @WithDefault("500")
        int maxStreams();

        /** Interval of the keep-alive comment on an idle stream (proxies close silent connections). */
        @WithDefault("15s")
        Duration heartbeat();

        /** Changes buffered for one slow stream before older ones are dropped. */
        @WithDefault("512")
        int bufferPerStream();
    }

    interface DeadLetters {

        /** Most dead letters redriven by one request; the answer says how many are left. */
        @WithDefault("1000")
        int maxRedriveBatch();
    }

    interface RabbitmqManagement {

        /** Base URL of the management API. */
        @WithDefault("http://localhost:15672")
        String url();

        @WithDefault("guest")
        String username();

        @WithDefault("guest")
        String password();

        /** Timeout of one management API call; the page shows the depths as unknown past it. */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Ops {

        /** How long the operator page's login lasts. */
        @WithDefault("8h")
        Duration sessionLifetime();

        /**
         * Whether the login cookie is marked {@code Secure} (sent over HTTPS only). Leave on in production; it is
         * also set whenever the request arrived over HTTPS.
         */
        @WithDefault("true")
        boolean secureCookie();

        /** Recent events listed on the page. */
        @WithDefault("20")
        int recentEvents();

        /** The time window of the page's counts. */
        @WithDefault("24h")
        Duration countsWindow();
    }
}
