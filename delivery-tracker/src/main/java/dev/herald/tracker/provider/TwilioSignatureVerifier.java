package dev.herald.tracker.provider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Verifies {@code X-Twilio-Signature} as Twilio computes it: base64 of HMAC-SHA1, keyed with the account's auth token,
 * over the full URL Twilio requested followed by every POST parameter as name and value, sorted by name (and value).
 * Like Twilio's own validator it also accepts the URL with the scheme's default port added or removed, since proxies
 * differ in whether they keep it. The URL must be the one Twilio called, which behind a proxy is the configured public
 * base URL, not the one this service sees.
 *
 * <p>Twilio signs no timestamp, so a captured callback could be replayed; that is harmless here because applying a
 * callback is idempotent (its SID and status identify it) and states only move forward.
 */
public final class TwilioSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final byte[] authToken;

    /** @param authToken null when none is configured: every callback is refused */
    public TwilioSignatureVerifier(String authToken) {
        this.authToken = authToken == null || authToken.isBlank() ? null : authToken.getBytes(StandardCharsets.UTF_8);
    }

    public SignatureCheck verify(String signature, String url, List<Map.Entry<String, String>> parameters) {
        if (authToken == null) {
            return SignatureCheck.notConfigured("Twilio callbacks cannot be verified: "
                    + "herald.tracker.webhooks.twilio.auth-token is not set.");
        }
        if (signature == null || signature.isBlank()) {
            return SignatureCheck.missing("The request lacks " + SIGNATURE_HEADER + ".");
        }
        byte[] presented = signature.strip().getBytes(StandardCharsets.UTF_8);
        for (String candidate : urlVariants(url)) {
            byte[] expected = sign(authToken, candidate, parameters).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(expected, presented)) {
                return SignatureCheck.VERIFIED;
            }
        }
        return SignatureCheck.invalid("The signature does not match the URL and parameters.");
    }

    /** The signature Twilio sends for a request to {@code url} with these POST parameters. */
    public static String sign(byte[] authToken, String url, List<Map.Entry<String, String>> parameters) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(parameters);
        sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue(
                Comparator.nullsFirst(Comparator.naturalOrder()))));
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, String> parameter : sorted) {
            data.append(parameter.getKey()).append(parameter.getValue() == null ? "" : parameter.getValue());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is unavailable", e);
        }
    }

    /** The URL as given, and with its scheme's default port toggled (added where absent, removed where present). */
    static List<String> urlVariants(String url) {
        List<String> variants = new ArrayList<>(2);
        variants.add(url);
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            int defaultPort = "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
            if (defaultPort < 0 || uri.getRawAuthority() == null) {
                return variants;
            }
            String authority = uri.getRawAuthority();
            String toggled;
            if (uri.getPort() == defaultPort) {
                toggled = authority.substring(0, authority.lastIndexOf(':'));
            } else if (uri.getPort() == -1) {
                toggled = authority + ":" + defaultPort;
            } else {
                return variants;
            }
            int start = url.indexOf(authority);
            variants.add(url.substring(0, start) + toggled + url.substring(start + authority.length()));
        } catch (IllegalArgumentException e) {
            // not a URL we can rewrite: the URL as given is the only candidate
        }
        return variants;
    }
}
