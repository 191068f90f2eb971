package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.Names;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the body of {@code POST /v1/preview}: the body of {@code POST /v1/events} (ingress), with its rules: {@code
 * type} and {@code recipients} required, names and user ids as ingress accepts them, the category {@code general}
 * when none is given, no unknown field.
 */
final class PreviewRequestReader {

    /** The category ingress gives an event that names none. */
    static final String DEFAULT_CATEGORY = "general";
    static final int MAX_RECIPIENTS = 1000;

    private static final Set<String> FIELDS = Set.of("type", "category", "recipients", "data", "critical", "channels",
            "expiresAt", "source");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreviewRequestReader() {
    }

    @SuppressWarnings("unchecked")
    static EventMessage read(String tenant, JsonNode body, Instant now) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, FIELDS, "");
        String type = name(body, "type", true, errors);
        String category = name(body, "category", false, errors);
        String source = errors.optionalString(body, "source", "source");
        boolean critical = PreferencesRequestReader.optionalBoolean(body, "critical", errors).orElse(false);
        List<String> recipients = recipients(body.get("recipients"), errors);
        JsonNode data = body.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.add("data", "must be a JSON object");
        }
        List<Channel> channels = channels(body.get("channels"), errors);
        Instant expiresAt = expiresAt(body.get("expiresAt"), now, errors);
        errors.throwIfAny();
        Map<String, Object> values = data == null || data.isNull() ? Map.of() : JSON.convertValue(data, Map.class);
        return new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), tenant, source == null ? "api" : source,
                type, category == null ? DEFAULT_CATEGORY : category, critical, recipients, values, channels, expiresAt, now);
    }

    private static String name(JsonNode body, String field, boolean required, FieldErrors errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (!node.isTextual() || !Names.NAME.matcher(node.textValue()).matches()) {
            errors.add(field, Names.NAME_RULE);
            return null;
        }
        return node.textValue();
    }

    private static List<String> recipients(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            errors.add("recipients", "is required");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_RECIPIENTS) {
            errors.add("recipients", "must be an array of 1 to " + MAX_RECIPIENTS + " user ids");
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode recipient = node.get(i);
            if (!recipient.isTextual() || !Names.USER_ID.matcher(recipient.textValue()).matches()) {
                errors.add("recipients[" + i + "]", Names.USER_ID_RULE);
            } else {
                unique.add(recipient.textValue());
            }
        }
        return List.copyOf(unique);
    }

    private static List<Channel> channels(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add("channels", "must be a non-empty array of email, sms, push, slack");
            return null;
        }
        Set<Channel> channels = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode channel = node.get(i);
            var parsed = channel.isTextual() ? Channel.parse(channel.textValue()) : java.util.Optional.<Channel>empty();
            if (parsed.isEmpty()) {
                errors.add("channels[" + i + "]", "must be one of email, sms, push, slack");
            } else {
                channels.add(parsed.get());
            }
        }
        return List.copyOf(channels);
    }

    private static Instant expiresAt(JsonNode node, Instant now, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            Instant expiresAt = OffsetDateTime.parse(node.asText()).toInstant();
            if (!node.isTextual() || !expiresAt.isAfter(now)) {
                errors.add("expiresAt", "must be an ISO-8601 instant in the future, e.g. 2030-01-01T00:00:00Z");
                return null;
            }
            return expiresAt;
        } catch (DateTimeParseException e) {
            errors.add("expiresAt", "must be an ISO-8601 instant in the future, e.g. 2030-01-01T00:00:00Z");
            return null;
        }
    }
}
