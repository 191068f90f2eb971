package dev.herald.sandbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Credentials the sandbox accepts for each provider, and how much it remembers. */
@ConfigMapping(prefix = "herald.sandbox")
public interface SandboxConfig {

    Recording recording();

    SendGrid sendgrid();

    Twilio twilio();

    Slack slack();

    Fcm fcm();

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
}
