package dev.herald.ingress.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a request body that decides "same body" for idempotency keys: the SHA-256 of the JSON with
 * object keys sorted, so re-serialising the same event in another key order or spacing is still the same body.
 */
public final class RequestFingerprint {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private RequestFingerprint() {
    }

    public static String of(JsonNode body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(JsonValues.toJava(body));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
