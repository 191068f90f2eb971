package dev.herald.tracker.provider;

import dev.herald.tracker.SendGridTestKeys;
import dev.herald.tracker.WebhookSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SendGrid's ECDSA webhook signature, with key material generated here. */
class SendGridSignatureVerifierTest {

    private static final KeyPair KEYS = SendGridTestKeys.generate();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = """
            [{"email":"a@example.com","event":"delivered","sg_event_id":"e1","sg_message_id":"m1.filter"}]"""
            .getBytes(StandardCharsets.UTF_8);

    private final SendGridSignatureVerifier verifier = new SendGridSignatureVerifier(
            SendGridSignatureVerifier.parsePublicKey(Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded())),
            Duration.ofMinutes(10));

    @Test
    void acceptsASignatureOverTimestampAndBody() {
        String signature = WebhookSigner.sendGrid(KEYS.getPrivate(), TIMESTAMP, BODY);

        assertInstanceOf(SignatureCheck.Verified.class, verifier.verify(signature, TIMESTAMP, BODY, NOW));
    }

    @Test
    void refusesATamperedBodyWith403() {
        String signature = WebhookSigner.sendGrid(KEYS.getPrivate(), TIMESTAMP, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("delivered", "bounce")
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(403, verifier.verify(signature, TIMESTAMP, tampered, NOW));
    }

    @Test
    void refusesATamperedTimestampWith403() {
        String signature = WebhookSigner.sendGrid(KEYS.getPrivate(), TIMESTAMP, BODY);

        assertRefused(403, verifier.verify(signature, Long.toString(NOW.getEpochSecond() - 1), BODY, NOW));
    }

    @Test
    void refusesASignatureByAnotherKeyWith403() {
        String signature = WebhookSigner.sendGrid(SendGridTestKeys.generate().getPrivate(), TIMESTAMP, BODY);

        assertRefused(403, verifier.verify(signature, TIMESTAMP, BODY, NOW));
    }

    @Test
    void refusesAMissingSignatureOrTimestampWith401() {
        String signature = WebhookSigner.sendGrid(KEYS.getPrivate(), TIMESTAMP, BODY);

        assertRefused(401, verifier.verify(null, TIMESTAMP, BODY, NOW));
        assertRefused(401, verifier.verify(signature, null, BODY, NOW));
        assertRefused(401, verifier.verify(" ", TIMESTAMP, BODY, NOW));
    }

    @Test
    void refusesGarbageSignaturesWith403() {
        assertRefused(403, verifier.verify("not base64!", TIMESTAMP, BODY, NOW));
        assertRefused(403, verifier.verify(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}), TIMESTAMP, BODY,
                NOW));
        assertRefused(403, verifier.verify(WebhookSigner.sendGrid(KEYS.getPrivate(), "yesterday", BODY), "yesterday",
                BODY, NOW));
    }

    @Test
    void refusesAValidSignatureOutsideTheReplayWindow() {
        String old = Long.toString(NOW.minus(Duration.ofMinutes(11)).getEpochSecond());
        String future = Long.toString(NOW.plus(Duration.ofMinutes(11)).getEpochSecond());

        SignatureCheck stale = verifier.verify(WebhookSigner.sendGrid(KEYS.getPrivate(), old, BODY), old, BODY, NOW);
        assertRefused(403, stale);
        assertTrue(((SignatureCheck.Refused) stale).detail().contains("replay"));
        assertRefused(403, verifier.verify(WebhookSigner.sendGrid(KEYS.getPrivate(), future, BODY), future, BODY, NOW));
        String recent = Long.toString(NOW.minus(Duration.ofMinutes(9)).getEpochSecond());
        assertInstanceOf(SignatureCheck.Verified.class,
                verifier.verify(WebhookSigner.sendGrid(KEYS.getPrivate(), recent, BODY), recent, BODY, NOW));
    }

    @Test
    void refusesEverythingWith503WhenNoKeyIsConfigured() {
        SendGridSignatureVerifier unconfigured = new SendGridSignatureVerifier(null, Duration.ofMinutes(10));

        assertRefused(503, unconfigured.verify(WebhookSigner.sendGrid(KEYS.getPrivate(), TIMESTAMP, BODY), TIMESTAMP,
                BODY, NOW));
    }

    @Test
    void readsOnlyP256PublicKeys() {
        assertThrows(IllegalArgumentException.class, () -> SendGridSignatureVerifier.parsePublicKey("bm90IGEga2V5"));
        assertThrows(IllegalArgumentException.class, () -> SendGridSignatureVerifier.parsePublicKey(
                Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded())));
    }

    private static void assertRefused(int status, SignatureCheck check) {
        SignatureCheck.Refused refused = assertInstanceOf(SignatureCheck.Refused.class, check);
        assertEquals(status, refused.status(), refused.detail());
    }
}
