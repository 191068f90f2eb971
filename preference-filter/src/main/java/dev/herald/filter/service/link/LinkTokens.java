package dev.herald.filter.service.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.contract.Channel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs and verifies link tokens: {@code v1.<payload>.<signature>}, both base64url, the signature an HMAC-SHA256 of
 * {@code v1.<payload>} under the link secret. The payload is a small JSON object (purpose, tenant, user, category,
 * channel, expiry in epoch seconds). Nothing in a token is secret, but nothing in it can be changed either: the
 * tenant and user a request acts for come from the verified token alone.
 */
public final class LinkTokens {

    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_TOKEN_LENGTH = 2048;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Keyed once; each signature works on a clone (a Mac is not thread-safe, and looking one up costs more). */
    private final Mac keyed;
    private final ObjectMapper json = new ObjectMapper();

    public LinkTokens(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the link secret must be at least 32 characters");
        }
        try {
            this.keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            keyed.clone(); // a provider whose Mac cannot be cloned fails here, at startup, not at every link
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable or cannot be cloned", e);
        }
    }

    public String sign(LinkToken token) {
        ObjectNode payload = json.createObjectNode()
                .put("p", token.purpose().code)
                .put("t", token.tenant())
                .put("u", token.userId())
                .put("e", token.expiresAt().getEpochSecond());
        if (token.category() != null) {
            payload.put("c", token.category());
        }
        if (token.channel() != null) {
            payload.put("ch", token.channel().wireName());
        }
        String signed = VERSION + "." + ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /**
     * The token's grant, if its signature holds, it is for {@code purpose} and it has not expired at {@code now}.
     *
     * @throws InvalidLinkException (with {@link InvalidLinkException#expired()} telling the two apart) otherwise
     */
    public LinkToken verify(String token, LinkToken.Purpose purpose, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidLinkException(false);
        }
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0 || !token.startsWith(VERSION + ".")) {
            throw new InvalidLinkException(false);
        }
        String signed = token.substring(0, lastDot);
        LinkToken parsed;
        try {
            byte[] signature = DECODER.decode(token.substring(lastDot + 1));
            if (!MessageDigest.isEqual(signature, mac(signed))) {
                throw new InvalidLinkException(false);
            }
            JsonNode payload = json.readTree(DECODER.decode(signed.substring(VERSION.length() + 1)));
            parsed = new LinkToken(LinkToken.Purpose.ofCode(payload.path("p").asText()),
                    text(payload, "t"), text(payload, "u"), payload.hasNonNull("c") ? payload.get("c").asText() : null,
                    payload.hasNonNull("ch") ? Channel.fromWire(payload.get("ch").asText()) : null,
                    Instant.ofEpochSecond(payload.path("e").asLong()));
        } catch (InvalidLinkException e) {
            throw e;
        } catch (Exception e) {
            // Malformed base64 or JSON behind a valid signature cannot happen unless the secret leaked; either way no.
            throw new InvalidLinkException(false);
        }
        if (parsed.purpose() != purpose) {
            throw new InvalidLinkException(false);
        }
        if (!now.isBefore(parsed.expiresAt())) {
            throw new InvalidLinkException(true);
        }
        return parsed;
    }

    private static String text(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return node.asText();
    }

    private byte[] mac(String signed) {
        try {
            return ((Mac) keyed.clone()).doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA256 cannot be cloned", e);
        }
    }

    /** A link that grants nothing: tampered, malformed, for another purpose, or expired. */
    public static final class InvalidLinkException extends RuntimeException {

        private final boolean expired;

        InvalidLinkException(boolean expired) {
            super(expired ? "the link has expired" : "the link is not valid", null, false, false);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }
}
