package dev.herald.sandbox.provider.sendgrid;

import dev.herald.sandbox.config.SandboxConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The key the sandbox signs SendGrid events with, the way SendGrid's Signed Event Webhook does: ECDSA P-256 with
 * SHA-256 over the timestamp followed by the body. Generated at start unless configured (both halves, so that a
 * fixed pair can be handed to the sandbox and the tracker before either starts); the verification key is
 * shown as SendGrid shows it (base64 DER SubjectPublicKeyInfo), in the log and at
 * {@code GET /sandbox/webhooks/sendgrid/public-key}.
 */
@Singleton
public class EventWebhookKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    EventWebhookKey(SandboxConfig config) {
        try {
            var configured = config.webhooks().sendgridPrivateKey().filter(key -> !key.isBlank());
            if (configured.isPresent()) {
                KeyFactory ec = KeyFactory.getInstance("EC");
                privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getMimeDecoder().decode(configured.get().strip())));
                publicKey = ec.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(
                        config.webhooks().sendgridPublicKey().orElseThrow(() -> new IllegalArgumentException(
                                "herald.sandbox.webhooks.sendgrid-public-key is required with the private key"))
                                .strip())));
                if (!pairs(privateKey, publicKey)) {
                    throw new IllegalArgumentException("the configured SendGrid public key does not belong to the "
                            + "private key");
                }
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                var pair = generator.generateKeyPair();
                privateKey = pair.getPrivate();
                publicKey = pair.getPublic();
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("herald.sandbox.webhooks.sendgrid-private-key / -public-key are not a "
                    + "base64 DER (PKCS#8 / SubjectPublicKeyInfo) EC P-256 key pair: " + e.getMessage(), e);
        }
    }

    void announce(@Observes StartupEvent event) {
        Log.infof("SendGrid event webhook verification key: %s", publicKeyBase64());
    }

    /** The verification key as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The value of {@code X-Twilio-Email-Event-Webhook-Signature} for this timestamp and body. */
    public String sign(String timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing is unavailable", e);
        }
    }

    private static boolean pairs(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "herald-sandbox-key-check".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
