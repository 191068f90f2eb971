package dev.herald.channel.push.config;

import dev.herald.channel.core.config.ProviderTimeouts;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Push channel settings ({@code herald.push.*}). */
@ConfigMapping(prefix = "herald.push")
public interface PushConfig {

    Fcm fcm();

    /**
     * Firebase Cloud Messaging (HTTP v1). Exactly one credential source must be set: {@link #credentialsFile()},
     * {@link #credentialsJson()} or, for provider-sandbox only, {@link #sandboxKey()}. {@code connect-timeout} and
     * {@code read-timeout} as in channel-core; firebase-admin's transport keeps no pool to size.
     */
    interface Fcm extends ProviderTimeouts {

        /**
         * Firebase project id (env {@code HERALD_PUSH_FCM_PROJECT_ID}); when unset, the {@code project_id} of the
         * service-account key.
         */
        Optional<String> projectId();

        /** Path of a service-account key file (env {@code HERALD_PUSH_FCM_CREDENTIALS_FILE}); never logged. */
        Optional<Path> credentialsFile();

        /**
         * The service-account key itself, as JSON (env {@code HERALD_PUSH_FCM_CREDENTIALS_JSON}), for platforms that
         * hand secrets over as variables; never logged.
         */
        Optional<String> credentialsJson();

        /**
         * Sign with a throwaway key made at start-up instead of a real service account. Only provider-sandbox, which
         * does not check signatures, accepts it; it is refused together with Google's endpoints.
         */
        @WithDefault("false")
        boolean sandboxKey();

        /**
         * Where FCM requests go: {@code https://fcm.googleapis.com}, or provider-sandbox ({@code http://localhost:8089}).
         * firebase-admin always addresses fcm.googleapis.com; its transport rewrites that origin to this base URL.
         */
        @WithDefault("https://fcm.googleapis.com")
        URI baseUrl();

        /**
         * The OAuth2 token endpoint to trade the service-account JWT for access tokens at (env
         * {@code HERALD_PUSH_FCM_TOKEN_URL}); when unset, the key's {@code token_uri}
         * ({@code https://oauth2.googleapis.com/token} in keys Google issues).
         */
        Optional<URI> tokenUrl();
    }
}
