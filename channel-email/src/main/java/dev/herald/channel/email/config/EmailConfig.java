package dev.herald.channel.email.config;

import dev.herald.channel.core.config.ProviderConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Email channel settings ({@code herald.email.*}). */
@ConfigMapping(prefix = "herald.email")
public interface EmailConfig {

    /** Sender address of every email (env {@code HERALD_EMAIL_FROM}); SendGrid requires a verified sender. */
    String from();

    /** Display name of the sender. */
    @WithDefault("Herald")
    String fromName();

    SendGrid sendgrid();

    /** SendGrid's API; {@code connect-timeout}, {@code read-timeout} and {@code max-connections} as in channel-core. */
    interface SendGrid extends ProviderConnection {

        /** API key (env {@code HERALD_EMAIL_SENDGRID_API_KEY}); required in production, never logged. */
        String apiKey();

        /** API host, optionally with a port: {@code api.sendgrid.com}, or {@code localhost:8089} for provider-sandbox. */
        @WithDefault("api.sendgrid.com")
        String host();

        /** Talk plain HTTP instead of HTTPS; only for provider-sandbox or a test double. */
        @WithDefault("false")
        boolean plainHttp();
    }
}
