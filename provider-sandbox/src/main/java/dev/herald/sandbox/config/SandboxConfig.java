package dev.herald.sandbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Credentials the sandbox accepts for each provider, and how much it remembers. */
@ConfigMapping(prefix = "herald.sandbox")
public interface SandboxConfig {

    Recording recording();

    SendGrid sendgrid();

    Twilio twilio();

    Slack slack();

    Fcm fcm();

    /** The signed delivery webhooks the sandbox sends back after accepting a message. */
    Webhooks webhooks();

    interface Recording {

        /** Most messages kept in memory; beyond it the oldest are dropped. */
        @WithDefault("200000")
        int maxMessages();
    }

    interface SendGrid {

        /** The one API key accepted as {@code Authorization: Bearer <key>}. */
        @WithDefault("SG.sandbox-key")
        String apiKey();
    }

    interface Twilio {

        /** Account SID accepted as the HTTP Basic user name and in the request path. */
        @WithDefault("ACsandbox00000000000000000000000000")
        String accountSid();

        /** Auth token accepted as the HTTP Basic password. */
        @WithDefault("sandbox-token")
        String authToken();
    }

    interface Slack {

        /** The bot token accepted as {@code Authorization: Bearer <token>} or the {@code token} parameter. */
        @WithDefault("xoxb-sandbox-token")
        String token();
    }

    interface Fcm {

        /**
         * A fixed access token always accepted by the FCM endpoint, for callers (curl, tests) that skip the
         * OAuth token endpoint; tokens issued by {@code POST /token} are accepted too until they expire.
         */
        @WithDefault("ya29.sandbox-token")
        String accessToken();

        /** Lifetime of access tokens issued by {@code POST /token}. */
        @WithDefault("1h")
        Duration tokenLifetime();
    }

    interface Webhooks {

        /** Master switch: false sends no webhook at all. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Where SendGrid Event Webhook batches go, e.g. {@code http://localhost:8082/webhooks/sendgrid}. Unset: no
         * SendGrid events are sent.
         */
        Optional<String> sendgridUrl();

        /**
         * Where Twilio status callbacks go for a message sent without {@code StatusCallback} (with one, that URL is
         * called, as Twilio does). Unset: only messages with a {@code StatusCallback} get callbacks.
         */
        Optional<String> twilioUrl();

        /**
         * The ECDSA P-256 key SendGrid events are signed with, as base64 DER PKCS#8. Unset: a key pair is generated
         * at start; its public half is logged and served at {@code GET /sandbox/webhooks/sendgrid/public-key}.
         */
        Optional<String> sendgridPrivateKey();

        /** The public half of {@code sendgrid-private-key}, base64 DER SubjectPublicKeyInfo; required with it. */
        Optional<String> sendgridPublicKey();

        /**
         * How long a batch of SendGrid events stays open for the events of further mails, from its first; its request
         * goes out after this plus the random delay. SendGrid itself posts every 30 s; the sandbox answers sooner.
         */
        @WithDefault("500ms")
        Duration sendgridBatchWindow();

        /** Most SendGrid events in one request; a full batch is closed and the next mail opens a new one. */
        @WithDefault("1000")
        int sendgridBatchMaxEvents();

        /** Shortest delay between accepting a message and sending its webhook. */
        @WithDefault("200ms")
        Duration minDelay();

        /** Longest such delay; each webhook waits a random time between the two, as real providers vary. */
        @WithDefault("1s")
        Duration maxDelay();

        /** Webhooks waiting to be sent at most; beyond it new ones are dropped (and counted). */
        @WithDefault("20000")
        int maxPending();

        /** Attempts per webhook, the first included; a failed attempt is retried with doubling delays. */
        @WithDefault("4")
        int maxAttempts();

        /** Delay before the first retry. */
        @WithDefault("1s")
        Duration retryDelay();

        /** Timeout of one webhook request. */
        @WithDefault("5s")
        Duration timeout();
    }
}
