package dev.herald.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.Names;
import dev.herald.common.rest.Problem.FieldError;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an event body field by field, without coercion: a number where a string belongs is an error, not a
 * string. Reports every offending field at once.
 */
public final class EventValidator {

    private static final Set<String> FIELDS = Set.of("type", "category", "recipients", "data", "critical", "channels",
            "expiresAt", "source");
    private static final String DEFAULT_CATEGORY = "general";

    private final int maxRecipients;
    private final Clock clock;

    public EventValidator(int maxRecipients, Clock clock) {
        this.maxRecipients = maxRecipients;
        this.clock = clock;
    }

    /** The valid event request, or the list of what is wrong with it. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(EventRequest event) implements Result {
    }

    public record Invalid(List<FieldError> errors) implements Result {
    }

    public Result validate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Invalid(List.of(new FieldError("(body)", "must be a JSON object")));
        }
        ObjectNode object = (ObjectNode) body;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed: " + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }

        String type = requiredName(object, "type", errors);
        String category = optionalName(object, "category", errors);
        String source = optionalText(object, "source", 128, errors);
        List<String> recipients = recipients(object.get("recipients"), errors);
        Map<String, Object> data = data(object.get("data"), errors);
        boolean critical = optionalBoolean(object, "critical", errors);
        List<Channel> channels = channels(object.get("channels"), errors);
        Instant expiresAt = expiresAt(object.get("expiresAt"), errors);

        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new EventRequest(type, category == null ? DEFAULT_CATEGORY : category, source == null ? "api" : source,
                critical, recipients, data, channels, expiresAt));
    }

    private static String requiredName(ObjectNode object, String field, List<FieldError> errors) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return name(node, field, errors);
    }

    private static String optionalName(ObjectNode object, String field, List<FieldError> errors) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : name(node, field, errors);
    }

    private static String name(JsonNode node, String field, List<FieldError> errors) {
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (!Names.NAME.matcher(node.textValue()).matches()) {
            errors.add(new FieldError(field, Names.NAME_RULE));
            return null;
        }
        return node.textValue();
    }

    private static String optionalText(ObjectNode object, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > maxLength) {
            errors.add(new FieldError(field, "must be a non-blank string of at most " + maxLength + " characters"));
            return null;
        }
        return node.textValue();
    }

    private static boolean optionalBoolean(ObjectNode object, String field, List<FieldError> errors) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return false;
        }
        return node.booleanValue();
    }

    private List<String> recipients(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("recipients", "is required"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("recipients", "must be a non-empty array of user ids"));
            return List.of();
        }
        if (node.size() > maxRecipients) {
            errors.add(new FieldError("recipients", "must name at most " + maxRecipients + " users"));
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode recipient = node.get(i);
            if (!recipient.isTextual() || !Names.USER_ID.matcher(recipient.textValue()).matches()) {
                errors.add(new FieldError("recipients[" + i + "]", Names.USER_ID_RULE));
                continue;
            }
            unique.add(recipient.textValue());
        }
        return List.copyOf(unique);
    }

    private static Map<String, Object> data(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("data", "must be a JSON object"));
            return Map.of();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> data.put(entry.getKey(), JsonValues.toJava(entry.getValue())));
        return data;
    }

    private static List<Channel> channels(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("channels", "must be a non-empty array of email, sms, push, slack"));
            return null;
        }
        Set<Channel> channels = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode channel = node.get(i);
            var parsed = channel.isTextual() ? Channel.parse(channel.textValue()) : java.util.Optional.<Channel>empty();
            if (parsed.isEmpty()) {
                errors.add(new FieldError("channels[" + i + "]", "must be one of email, sms, push, slack"));
            } else {
                channels.add(parsed.get());
            }
        }
        return List.copyOf(channels);
    }

    private Instant expiresAt(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("expiresAt", "must be an ISO-8601 instant string, e.g. 2030-01-01T00:00:00Z"));
            return null;
        }
        try {
            Instant expiresAt = java.time.OffsetDateTime.parse(node.textValue()).toInstant();
            if (!expiresAt.isAfter(clock.instant())) {
                errors.add(new FieldError("expiresAt", "is in the past"));
                return null;
            }
            return expiresAt;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("expiresAt", "must be an ISO-8601 instant with an offset, e.g. 2030-01-01T00:00:00Z"));
            return null;
        }
    }
}
