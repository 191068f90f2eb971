package dev.herald.tracker.rest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

/**
 * The operator page's login: the API key itself, in an {@code HttpOnly}, {@code SameSite=Strict} cookie scoped to
 * {@code /ops} (and {@code Secure} unless configured off for plain-HTTP development), verified against the key store on
 * every request, so a revoked key logs out within the store's cache time and nothing has to be shared between
 * replicas. Forms carry a CSRF token derived from the key (HMAC), which a page of another origin cannot compute.
 */
final class OpsSession {

    static final String COOKIE = "herald_ops";

    private OpsSession() {
    }

    static String cookie(String apiKey, Duration lifetime, boolean secure) {
        return COOKIE + "=" + apiKey + "; Path=/ops; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String clearedCookie(boolean secure) {
        return COOKIE + "=; Path=/ops; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The CSRF token of a session: HMAC-SHA256 of a fixed label, keyed with the session's API key. */
    static String csrfToken(String apiKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("herald-ops-csrf".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean validCsrf(String apiKey, String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken(apiKey).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** API keys are printable ASCII without separators; anything else is no key (and could break the cookie). */
    static boolean plausibleKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= 512 && key.chars().allMatch(c -> c > 0x20 && c < 0x7f
                && c != ';' && c != ',' && c != '"' && c != '\\');
    }
}
