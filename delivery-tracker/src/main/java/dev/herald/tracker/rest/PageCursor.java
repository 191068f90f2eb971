package dev.herald.tracker.rest;

import dev.herald.tracker.repository.Keyset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque {@code cursor} of a listing: the keyset of the last item of a page, as {@code v1:<created_at in epoch
 * microseconds>:<notification id>} in URL-safe base64. Microseconds are PostgreSQL's precision, so the position is
 * exact.
 */
final class PageCursor {

    private static final String VERSION = "v1";

    private PageCursor() {
    }

    static String encode(Keyset keyset) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, keyset.createdAt());
        String plain = VERSION + ":" + micros + ":" + keyset.notificationId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The keyset of a cursor, or empty when it is not one of ours. */
    static Optional<Keyset> decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return Optional.of(new Keyset(createdAt, UUID.fromString(parts[2])));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
