package dev.herald.tracker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Real SendGrid-style key material for the module's tests: an ECDSA P-256 key pair generated when the tests start.
 * The tracker is configured with the public half, as SendGrid shows it (base64 DER SubjectPublicKeyInfo); the tests
 * sign with the private half, which travels to them in a system property.
 */
public class SendGridTestKeys implements QuarkusTestResourceLifecycleManager {

    static final String PRIVATE_KEY_PROPERTY = "herald.test.sendgrid-private-key";

    @Override
    public Map<String, String> start() {
        KeyPair pair = generate();
        System.setProperty(PRIVATE_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        return Map.of("herald.tracker.webhooks.sendgrid.public-key",
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    @Override
    public void stop() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key the tracker's configured public key belongs to. */
    public static PrivateKey privateKey() {
        String encoded = System.getProperty(PRIVATE_KEY_PROPERTY);
        if (encoded == null) {
            throw new IllegalStateException("SendGridTestKeys has not started");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
