package dev.herald.tracker.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Verifies SendGrid's signed Event Webhook exactly as SendGrid's own libraries do: the signature header is a base64
 * DER ECDSA P-256 / SHA-256 signature over the timestamp header followed by the raw body, checked against the
 * verification key SendGrid shows (base64 DER SubjectPublicKeyInfo). The signed timestamp must also lie within the
 * replay window of now, so a captured request cannot be replayed later.
 */
public final class SendGridSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final PublicKey key;
    private final Duration replayWindow;

    /** @param key null when no key is configured: every webhook is refused */
    public SendGridSignatureVerifier(PublicKey key, Duration replayWindow) {
        this.key = key;
        this.replayWindow = replayWindow;
    }

    /**
     * Reads a verification key as SendGrid shows it.
     *
     * @throws IllegalArgumentException when it is not base64 DER of an EC P-256 public key
     */
    public static PublicKey parsePublicKey(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("not an EC P-256 key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.tracker.webhooks.sendgrid.public-key is not a base64 DER "
                    + "EC P-256 public key (" + e.getMessage() + ")", e);
        }
    }

    public SignatureCheck verify(String signature, String timestamp, byte[] body, Instant now) {
        if (key == null) {
            return SignatureCheck.notConfigured("SendGrid webhooks cannot be verified: "
                    + "herald.tracker.webhooks.sendgrid.public-key is not set.");
        }
        if (blank(signature) || blank(timestamp)) {
            return SignatureCheck.missing("The request lacks " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER + ".");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return SignatureCheck.invalid(TIMESTAMP_HEADER + " is not a Unix time in seconds.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return SignatureCheck.invalid(SIGNATURE_HEADER + " is not base64.");
        }
        if (!valid(timestamp.getBytes(StandardCharsets.UTF_8), body, decoded)) {
            return SignatureCheck.invalid("The signature does not match the body and timestamp.");
        }
        // Checked after the signature, so an attacker learns nothing about the window from unsigned requests.
        if (Duration.between(signedAt, now).abs().compareTo(replayWindow) > 0) {
            return SignatureCheck.invalid("The signed timestamp is outside the replay window of " + replayWindow
                    + "; refusing a possible replay.");
        }
        return SignatureCheck.VERIFIED;
    }

    private boolean valid(byte[] timestamp, byte[] body, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(timestamp);
            verifier.update(body == null ? new byte[0] : body);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // not a DER signature at all
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA verification is unavailable", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
