package dev.herald.channel.email.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Email channel settings ({@code herald.email.*}). */
@ConfigMapping(prefix = "herald.email")
public interface EmailConfig {

    /** Sender address of every email (env {@code HERALD_EMAIL_FROM}); SendGrid requires a verified sender. */
    String from();

    /** Display name of the sender. */
    @WithDefault("Herald")
    String fromName();

    SendGrid sendgrid();

    interface SendGrid {

        /** API key (env {@code HERALD_EMAIL_SENDGRID_API_KEY}); required in production, never logged. */
        String apiKey();

        /** API host, optionally with a port: {@code api.sendgrid.com}, or {@code localhost:8089} for provider-sandbox. */
        @WithDefault("api.sendgrid.com")
        String host();

        /** Talk plain HTTP instead of HTTPS; only for provider-sandbox or a test double. */
        @WithDefault("false")
        boolean plainHttp();

        /** How long to wait for a TCP connection to SendGrid before the attempt counts as a transient failure. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long to wait for SendGrid's answer before the attempt counts as a transient failure. */
        @WithDefault("30s")
        Duration readTimeout();

        /** Concurrent HTTP connections to SendGrid; keep it at least the consumer's prefetch. */
        @WithDefault("64")
        int maxConnections();
    }
}
