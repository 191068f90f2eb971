package dev.herald.tracker.provider;

import dev.herald.tracker.config.TrackerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.PublicKey;
import java.util.Optional;

/**
 * The configured webhook verifiers, built at start-up so that a malformed SendGrid key fails the start rather than
 * the first webhook; a provider left unconfigured is announced, since its webhooks will all be refused.
 */
@Startup
@ApplicationScoped
public class WebhookSignatures {

    private final SendGridSignatureVerifier sendGrid;
    private final TwilioSignatureVerifier twilio;
    private final Optional<String> publicBaseUrl;

    WebhookSignatures(TrackerConfig config) {
        TrackerConfig.Webhooks webhooks = config.webhooks();
        PublicKey key = webhooks.sendgrid().publicKey().filter(value -> !value.isBlank())
                .map(SendGridSignatureVerifier::parsePublicKey).orElse(null);
        if (key == null) {
            Log.warn("herald.tracker.webhooks.sendgrid.public-key is not set: SendGrid webhooks will be refused");
        }
        Optional<String> token = webhooks.twilio().authToken().filter(value -> !value.isBlank());
        if (token.isEmpty()) {
            Log.warn("herald.tracker.webhooks.twilio.auth-token is not set: Twilio callbacks will be refused");
        }
        this.sendGrid = new SendGridSignatureVerifier(key, webhooks.replayWindow());
        this.twilio = new TwilioSignatureVerifier(token.orElse(null));
        this.publicBaseUrl = webhooks.publicBaseUrl().filter(value -> !value.isBlank())
                .map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    public SendGridSignatureVerifier sendGrid() {
        return sendGrid;
    }

    public TwilioSignatureVerifier twilio() {
        return twilio;
    }

    /** The externally visible base URL Twilio calls, without a trailing slash, when configured. */
    public Optional<String> publicBaseUrl() {
        return publicBaseUrl;
    }
}
