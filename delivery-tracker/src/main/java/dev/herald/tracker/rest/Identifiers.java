package dev.herald.tracker.rest;

import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses ids from requests strictly: only the canonical 36-character UUID form is one. */
final class Identifiers {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Identifiers() {
    }

    static Optional<UUID> parse(String value) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(value));
    }

    /** The UUID in path parameter {@code name}, or a 400 problem naming it. */
    static UUID require(String value, String name) {
        return parse(value).orElseThrow(() -> ProblemException.validation(
                List.of(new Problem.FieldError(name, "must be a UUID, e.g. 0190f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6"))));
    }
}
