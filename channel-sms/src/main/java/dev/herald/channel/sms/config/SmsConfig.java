package dev.herald.channel.sms.config;

import dev.herald.channel.core.config.ProviderConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** SMS channel settings ({@code herald.sms.*}). */
@ConfigMapping(prefix = "herald.sms")
public interface SmsConfig {

    /**
     * Segments a message may take (1 to 10). A longer rendered text is cut to fit, ending with an ellipsis; every
     * segment is billed as one SMS.
     */
    @WithDefault("3")
    int maxSegments();

    Twilio twilio();

    /** Twilio's API; {@code connect-timeout}, {@code read-timeout} and {@code max-connections} as in channel-core. */
    interface Twilio extends ProviderConnection {

        /** Account SID (env {@code HERALD_SMS_TWILIO_ACCOUNT_SID}); required in production. */
        String accountSid();

        /** Auth token (env {@code HERALD_SMS_TWILIO_AUTH_TOKEN}); required in production, never logged. */
        String authToken();

        /**
         * Sender number in E.164 (env {@code HERALD_SMS_TWILIO_FROM}). Exactly one of this and
         * {@link #messagingServiceSid()} must be set.
         */
        Optional<String> from();

        /**
         * Messaging Service that picks the sender (env {@code HERALD_SMS_TWILIO_MESSAGING_SERVICE_SID},
         * {@code MG...}); use it for sender pools, short codes or alphanumeric sender IDs.
         */
        Optional<String> messagingServiceSid();

        /**
         * Where Twilio's API is: {@code https://api.twilio.com}, or provider-sandbox ({@code http://localhost:8089}).
         * Requests for {@code https://api.twilio.com} go here instead, path and query unchanged.
         */
        @WithDefault("https://api.twilio.com")
        String baseUrl();

        /**
         * Twilio's status callback URL for delivery receipts (env {@code HERALD_SMS_TWILIO_STATUS_CALLBACK_URL}),
         * e.g. the delivery-tracker's {@code https://herald.example.com/webhooks/twilio}; none when unset.
         */
        Optional<String> statusCallbackUrl();
    }
}
