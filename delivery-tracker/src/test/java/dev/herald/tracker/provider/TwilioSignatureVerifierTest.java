package dev.herald.tracker.provider;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Twilio's HMAC-SHA1 request signature. */
class TwilioSignatureVerifierTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final List<Map.Entry<String, String>> PARAMETERS = List.of(
            Map.entry("CallSid", "CA1234567890ABCDE"),
            Map.entry("Caller", "+12349013030"),
            Map.entry("Digits", "1234"),
            Map.entry("From", "+12349013030"),
            Map.entry("To", "+18005551212"));

    private final TwilioSignatureVerifier verifier = new TwilioSignatureVerifier(TOKEN);

    @Test
    void computesTwilioDocumentedExampleSignature() {
        // The example of Twilio's webhook security documentation; twilio-java 13.0.1's RequestValidator agrees.
        assertEquals("0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
                TwilioSignatureVerifier.sign(TOKEN.getBytes(StandardCharsets.UTF_8), URL, PARAMETERS));
    }

    @Test
    void acceptsTheSignatureWhateverTheParameterOrder() {
        List<Map.Entry<String, String>> shuffled = new ArrayList<>(PARAMETERS);
        java.util.Collections.reverse(shuffled);

        assertInstanceOf(SignatureCheck.Verified.class, verifier.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL, shuffled));
    }

    @Test
    void refusesATamperedParameterOrUrlWith403() {
        List<Map.Entry<String, String>> tampered = new ArrayList<>(PARAMETERS);
        tampered.set(2, Map.entry("Digits", "9999"));

        assertRefused(403, verifier.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL, tampered));
        assertRefused(403, verifier.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL.replace("myapp", "other"), PARAMETERS));
        assertRefused(403, new TwilioSignatureVerifier("another-token")
                .verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL, PARAMETERS));
    }

    @Test
    void refusesAMissingSignatureWith401() {
        assertRefused(401, verifier.verify(null, URL, PARAMETERS));
        assertRefused(401, verifier.verify("", URL, PARAMETERS));
    }

    @Test
    void acceptsTheUrlWithOrWithoutTheDefaultPortAsTwilioDoes() {
        String withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
        String signedWithPort = TwilioSignatureVerifier.sign(TOKEN.getBytes(StandardCharsets.UTF_8), withPort,
                PARAMETERS);

        assertInstanceOf(SignatureCheck.Verified.class, verifier.verify(signedWithPort, URL, PARAMETERS));
        assertInstanceOf(SignatureCheck.Verified.class, verifier.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", withPort,
                PARAMETERS));
        assertEquals(List.of("http://h:8080/x"), TwilioSignatureVerifier.urlVariants("http://h:8080/x"),
                "a non-default port is never dropped");
    }

    @Test
    void refusesEverythingWith503WhenNoTokenIsConfigured() {
        assertRefused(503, new TwilioSignatureVerifier(null).verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", URL, PARAMETERS));
    }

    private static void assertRefused(int status, SignatureCheck check) {
        SignatureCheck.Refused refused = assertInstanceOf(SignatureCheck.Refused.class, check);
        assertEquals(status, refused.status(), refused.detail());
    }
}
