package dev.herald.tracker;

import dev.herald.tracker.provider.TwilioSignatureVerifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Signs webhooks the way SendGrid and Twilio do, for tests that play the provider. */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** SendGrid: base64 DER ECDSA P-256 / SHA-256 over the timestamp followed by the body. */
    public static String sendGrid(PrivateKey key, String timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Twilio: base64 HMAC-SHA1 of the URL followed by the sorted parameters, keyed with the auth token. */
    public static String twilio(String authToken, String url, Map<String, String> parameters) {
        return TwilioSignatureVerifier.sign(authToken.getBytes(StandardCharsets.UTF_8), url,
                List.copyOf(parameters.entrySet()));
    }
}
