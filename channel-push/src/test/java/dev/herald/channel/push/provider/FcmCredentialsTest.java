package dev.herald.channel.push.provider;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.herald.channel.push.config.PushConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FcmCredentialsTest {

    private static final HttpTransportFactory TRANSPORT = NetHttpTransport::new;
    private static final URI GOOGLE = URI.create("https://fcm.googleapis.com");
    private static final URI SANDBOX = URI.create("http://localhost:8089");
    private static final URI SANDBOX_TOKEN = URI.create("http://localhost:8089/token");

    @Test
    void refusesToStartWithoutCredentials() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> load(new Fcm(Optional.empty(), Optional.empty(), false, GOOGLE, Optional.empty())));

        assertTrue(e.getMessage().startsWith("no FCM credentials"), e.getMessage());
    }

    @Test
    void refusesTwoSourcesOfCredentials() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(new Fcm(
                Optional.of(Path.of("/secrets/fcm.json")), Optional.empty(), true, SANDBOX, Optional.of(SANDBOX_TOKEN))));

        assertTrue(e.getMessage().contains("[credentials-file, sandbox-key]"), e.getMessage());
    }

    @Test
    void readsAnInlineKeyAndHonoursATokenUrlOverride() throws Exception {
        String key = serviceAccountKey();

        ServiceAccountCredentials fromKey = load(new Fcm(Optional.empty(), Optional.of(key), false, GOOGLE,
                Optional.empty()));
        ServiceAccountCredentials overridden = load(new Fcm(Optional.empty(), Optional.of(key), false, GOOGLE,
                Optional.of(SANDBOX_TOKEN)));

        assertEquals("p-1", fromKey.getProjectId());
        assertEquals(URI.create("https://oauth2.example/token"), fromKey.getTokenServerUri());
        assertEquals(SANDBOX_TOKEN, overridden.getTokenServerUri());
    }

    @Test
    void reportsAnUnusableKeyWithoutQuotingIt() {
        String secret = "-----BEGIN PRIVATE KEY-----\\nnot-a-key\\n-----END PRIVATE KEY-----\\n";
        String key = "{\"type\":\"service_account\",\"client_id\":\"1\",\"client_email\":\"a@p.iam.gserviceaccount.com\","
                + "\"private_key_id\":\"k\",\"private_key\":\"" + secret + "\"}";

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> load(new Fcm(Optional.empty(), Optional.of(key), false, GOOGLE, Optional.empty())));

        assertFalse(e.getMessage().contains("not-a-key"), e.getMessage());
    }

    @Test
    void makesAThrowawayKeyForProviderSandboxOnly() {
        ServiceAccountCredentials sandbox = load(new Fcm(Optional.empty(), Optional.empty(), true, SANDBOX,
                Optional.of(SANDBOX_TOKEN)));

        assertEquals(SANDBOX_TOKEN, sandbox.getTokenServerUri());
        assertEquals("herald-sandbox", sandbox.getProjectId());
        assertThrows(IllegalStateException.class,
                () -> load(new Fcm(Optional.empty(), Optional.empty(), true, GOOGLE, Optional.of(SANDBOX_TOKEN))));
        assertThrows(IllegalStateException.class,
                () -> load(new Fcm(Optional.empty(), Optional.empty(), true, SANDBOX, Optional.empty())));
    }

    private static ServiceAccountCredentials load(Fcm config) {
        return FcmCredentials.load(config, new FcmEndpointRedirect(config.baseUrl()), TRANSPORT);
    }

    private static String serviceAccountKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        return """
                {"type": "service_account", "project_id": "p-1", "private_key_id": "k-1", "private_key": "%s",
                 "client_email": "push@p-1.iam.gserviceaccount.com", "client_id": "1",
                 "token_uri": "https://oauth2.example/token"}""".formatted(pem);
    }

    private record Fcm(Optional<Path> credentialsFile, Optional<String> credentialsJson, boolean sandboxKey,
            URI baseUrl, Optional<URI> tokenUrl) implements PushConfig.Fcm {

        @Override
        public Optional<String> projectId() {
            return Optional.empty();
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(30);
        }
    }
}
