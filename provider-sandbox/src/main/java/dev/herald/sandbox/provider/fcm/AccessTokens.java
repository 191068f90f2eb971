package dev.herald.sandbox.provider.fcm;

import dev.herald.sandbox.config.SandboxConfig;
import dev.herald.sandbox.provider.Credentials;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OAuth2 access tokens for the FCM endpoint: signed with a key of this process and carrying their expiry, so any
 * number can be issued and checked without remembering them. A restart invalidates them, which the Google auth
 * library answers by fetching a new one, as it does when Google rejects a token.
 */
@Singleton
public class AccessTokens {

    static final String PREFIX = "ya29.sandbox.";

    private final SecretKeySpec key;
    private final String fixedToken;
    private final Duration lifetime;
    private final Clock clock;

    @Inject
    AccessTokens(SandboxConfig config) {
        this(config.fcm().accessToken(), config.fcm().tokenLifetime(), Clock.systemUTC());
    }

    AccessTokens(String fixedToken, Duration lifetime, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.fixedToken = fixedToken;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A newly issued token and how long it lives. */
    public record Issued(String token, Duration lifetime) {
    }

    public Issued issue() {
        long expiresAt = clock.instant().plus(lifetime).getEpochSecond();
        String payload = expiresAt + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return new Issued(PREFIX + payload + "." + sign(payload), lifetime);
    }

    /** Whether FCM should take this bearer token: the configured fixed one, or one issued here and not expired. */
    public boolean accepts(String token) {
        if (token == null) {
            return false;
        }
        if (Credentials.matches(token, fixedToken)) {
            return true;
        }
        if (!token.startsWith(PREFIX)) {
            return false;
        }
        String rest = token.substring(PREFIX.length());
        int lastDot = rest.lastIndexOf('.');
        int firstDot = rest.indexOf('.');
        if (firstDot <= 0 || lastDot == firstDot) {
            return false;
        }
        String payload = rest.substring(0, lastDot);
        byte[] presented = rest.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            long expiresAt = Long.parseLong(rest.substring(0, firstDot));
            return clock.instant().isBefore(Instant.ofEpochSecond(expiresAt));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
