package dev.herald.channel.push;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.testing.WireMockProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock standing in for both Google endpoints firebase-admin talks to: the OAuth2 token endpoint and FCM's
 * {@code messages:send}. A fresh RSA key pair becomes a service-account key file whose {@code token_uri} points at
 * WireMock, so the real SDK runs the real JWT flow; the public half is injected into tests ({@link PublicKey} fields)
 * to check the signature. FCM accepts every message by default; tests add stubs for their own tokens.
 */
public class WireMockFcm extends WireMockProvider {

    static final String PROJECT = "herald-test";
    static final String ACCESS_TOKEN = "ya29.wiremock-access-token";
    static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";
    static final String CLIENT_EMAIL = "herald-push@" + PROJECT + ".iam.gserviceaccount.com";

    private KeyPair key;
    private Path keyFile;

    @Override
    protected Map<String, String> configure(WireMockServer server) {
        server.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        server.stubFor(post(urlEqualTo(SEND_PATH)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"projects/" + PROJECT + "/messages/0:{{randomValue length=16 type='NUMERIC'}}\"}")
                .withTransformers("response-template")));
        key = rsaKeyPair();
        keyFile = writeServiceAccountKey("http://localhost:" + server.port() + "/token");
        // No project id configured: it comes from the key, as with a real one.
        return Map.of(
                "herald.push.fcm.credentials-file", keyFile.toString(),
                "herald.push.fcm.base-url", "http://localhost:" + server.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        super.inject(testInjector);
        testInjector.injectIntoFields(key.getPublic(), new TestInjector.MatchesType(PublicKey.class));
    }

    @Override
    public void stop() {
        super.stop();
        try {
            if (keyFile != null) {
                Files.deleteIfExists(keyFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeServiceAccountKey(String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String json = """
                {
                  "type": "service_account",
                  "project_id": "%s",
                  "private_key_id": "test-key-1",
                  "private_key": "%s",
                  "client_email": "%s",
                  "client_id": "100000000000000000001",
                  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                  "token_uri": "%s"
                }
                """.formatted(PROJECT, pem.replace("\n", "\\n"), CLIENT_EMAIL, tokenUri);
        try {
            Path file = Files.createTempFile("herald-push-service-account", ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
