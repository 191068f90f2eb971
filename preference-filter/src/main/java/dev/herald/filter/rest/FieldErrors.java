package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Collects every field error of a request body, so one 400 answer lists them all. */
final class FieldErrors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    /** Throws a 400 {@code application/problem+json} listing every error collected, if any. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(List.copyOf(errors));
        }
    }

    /** Fails fast when the body is absent or not a JSON object: nothing else can be checked then. */
    static void requireObject(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("body", "a JSON object is required")));
        }
        if (!body.isObject()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("body", "must be a JSON object")));
        }
    }

    /** Reports every field of {@code object} not in {@code known}: a misspelt field is an error, not ignored. */
    void rejectUnknownFields(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                add(prefix + name, "unknown field");
            }
        }
    }

    /** A string field's value; null when absent or JSON null; an error (and null) when it is of another type. */
    String optionalString(JsonNode object, String name, String field) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(field, "must be a string");
            return null;
        }
        return node.textValue();
    }
}
