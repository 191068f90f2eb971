package dev.herald.channel.push.provider;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.herald.channel.push.config.PushConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The service account firebase-admin signs its token requests with: a key file, the key as inline JSON, or (for
 * provider-sandbox only) a throwaway key made at start-up. Access tokens come from the key's {@code token_uri} unless
 * {@code herald.push.fcm.token-url} overrides it. Key material never reaches a log or an exception message.
 */
final class FcmCredentials {

    static final String SANDBOX_ACCOUNT = "herald-sandbox@%s.iam.gserviceaccount.com";

    private FcmCredentials() {
    }

    /**
     * @throws IllegalStateException when not exactly one source is configured or the key cannot be read; the
     *                               application must not start without working credentials
     */
    static ServiceAccountCredentials load(PushConfig.Fcm config, FcmEndpointRedirect endpoint,
            HttpTransportFactory transport) {
        List<String> sources = new ArrayList<>();
        config.credentialsFile().ifPresent(file -> sources.add("credentials-file"));
        config.credentialsJson().filter(json -> !json.isBlank()).ifPresent(json -> sources.add("credentials-json"));
        if (config.sandboxKey()) {
            sources.add("sandbox-key");
        }
        if (sources.size() != 1) {
            throw new IllegalStateException((sources.isEmpty() ? "no FCM credentials: " : "conflicting FCM credentials "
                    + sources + ": ") + "set exactly one of herald.push.fcm.credentials-file "
                    + "(HERALD_PUSH_FCM_CREDENTIALS_FILE), herald.push.fcm.credentials-json "
                    + "(HERALD_PUSH_FCM_CREDENTIALS_JSON) or, for provider-sandbox, herald.push.fcm.sandbox-key=true");
        }
        ServiceAccountCredentials credentials = switch (sources.getFirst()) {
            case "credentials-file" -> fromFile(config, transport);
            case "credentials-json" -> fromJson(config.credentialsJson().orElseThrow(), "herald.push.fcm.credentials-json",
                    transport);
            default -> sandbox(config, endpoint, transport);
        };
        return config.tokenUrl()
                .map(tokenUrl -> credentials.toBuilder().setTokenServerUri(tokenUrl).build())
                .orElse(credentials);
    }

    private static ServiceAccountCredentials fromFile(PushConfig.Fcm config, HttpTransportFactory transport) {
        var file = config.credentialsFile().orElseThrow();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, "the file " + file, transport);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the FCM service-account key file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static ServiceAccountCredentials fromJson(String json, String source, HttpTransportFactory transport) {
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            return read(in, source, transport);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the FCM service-account key from " + source, e);
        }
    }

    private static ServiceAccountCredentials read(InputStream in, String source, HttpTransportFactory transport)
            throws IOException {
        try {
            return ServiceAccountCredentials.fromStream(in, transport);
        } catch (IOException | RuntimeException e) {
            // google-auth's messages name missing fields and wrong types, never the key itself.
            throw new IllegalStateException("the FCM service-account key in " + source + " is not usable: "
                    + e.getMessage());
        }
    }

    private static ServiceAccountCredentials sandbox(PushConfig.Fcm config, FcmEndpointRedirect endpoint,
            HttpTransportFactory transport) {
        URI tokenUrl = config.tokenUrl().orElse(null);
        if (endpoint.isGoogle() || tokenUrl == null || isGoogle(tokenUrl)) {
            throw new IllegalStateException("herald.push.fcm.sandbox-key only works against provider-sandbox: set "
                    + "herald.push.fcm.base-url and herald.push.fcm.token-url to it (e.g. http://localhost:8089 and "
                    + "http://localhost:8089/token)");
        }
        String project = config.projectId().orElse("herald-sandbox");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            return ServiceAccountCredentials.newBuilder()
                    .setClientId("herald-sandbox")
                    .setClientEmail(SANDBOX_ACCOUNT.formatted(project))
                    .setPrivateKey(key.getPrivate())
                    .setPrivateKeyId("herald-sandbox")
                    .setProjectId(project)
                    .setTokenServerUri(tokenUrl)
                    .setHttpTransportFactory(transport)
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is unavailable", e);
        }
    }

    private static boolean isGoogle(URI uri) {
        return uri.getHost() != null && uri.getHost().toLowerCase(Locale.ROOT).endsWith(".googleapis.com");
    }
}
