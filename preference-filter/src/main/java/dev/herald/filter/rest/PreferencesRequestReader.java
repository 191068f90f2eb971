package dev.herald.filter.rest;

import dev.herald.common.contract.Names;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Preferences;
import dev.herald.filter.service.QuietHours;

import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates the body of {@code PUT /v1/users/{userId}/preferences} strictly: channel names must be
 * Herald's, switches must be JSON booleans, times {@code HH:mm}; unknown fields are rejected.
 */
final class PreferencesRequestReader {

    /** The category names ingress accepts on an event. */
    static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    static final int MAX_CATEGORIES = 200;

    private static final Set<String> FIELDS = Set.of("channels", "categories", "quietHours", "unsubscribedAll");
    private static final Set<String> QUIET_HOURS_FIELDS = Set.of("start", "end");
    private static final String CHANNEL_NAMES = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private PreferencesRequestReader() {
    }

    static Preferences read(JsonNode body) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, FIELDS, "");

        Map<Channel, Boolean> channels = switches(body.get("channels"), "channels", errors);
        Map<String, Map<Channel, Boolean>> categories = categories(body.get("categories"), errors);
        QuietHours quietHours = quietHours(body.get("quietHours"), errors);
        boolean unsubscribedAll = optionalBoolean(body, "unsubscribedAll", errors).orElse(false);

        errors.throwIfAny();
        return new Preferences(channels, categories, quietHours, unsubscribedAll);
    }

    /** A boolean field: empty when absent or null, an error when of another type. */
    static java.util.Optional<Boolean> optionalBoolean(JsonNode object, String name, FieldErrors errors) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (!node.isBoolean()) {
            errors.add(name, "must be true or false");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(node.booleanValue());
    }

    /** An object of channel name to boolean; absent or null means nothing stated. */
    static Map<Channel, Boolean> switches(JsonNode node, String field, FieldErrors errors) {
        Map<Channel, Boolean> switches = new EnumMap<>(Channel.class);
        if (node == null || node.isNull()) {
            return switches;
        }
        if (!node.isObject()) {
            errors.add(field, "must be an object of channel name to true or false");
            return switches;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String entryField = field + "." + entry.getKey();
            var channel = Channel.parse(entry.getKey());
            if (channel.isEmpty()) {
                errors.add(entryField, "unknown channel; one of " + CHANNEL_NAMES);
            } else if (!entry.getValue().isBoolean()) {
                errors.add(entryField, "must be true or false");
            } else {
                switches.put(channel.get(), entry.getValue().booleanValue());
            }
        }
        return switches;
    }

    static Map<String, Map<Channel, Boolean>> categories(JsonNode node, FieldErrors errors) {
        Map<String, Map<Channel, Boolean>> categories = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return categories;
        }
        if (!node.isObject()) {
            errors.add("categories", "must be an object of category to channel switches");
            return categories;
        }
        if (node.size() > MAX_CATEGORIES) {
            errors.add("categories", "must hold at most " + MAX_CATEGORIES + " categories");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String field = "categories." + entry.getKey();
            if (!Names.NAME.matcher(entry.getKey()).matches()) {
                errors.add(field, "not a category name: 1 to 128 of a-z 0-9 . _ - starting with a letter or digit");
                continue;
            }
            if (entry.getValue() == null || !entry.getValue().isObject()) {
                errors.add(field, "must be an object of channel name to true or false");
                continue;
            }
            categories.put(entry.getKey(), switches(entry.getValue(), field, errors));
        }
        return categories;
    }

    static QuietHours quietHours(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("quietHours", "must be an object with start and end as HH:mm");
            return null;
        }
        errors.rejectUnknownFields(node, QUIET_HOURS_FIELDS, "quietHours.");
        LocalTime start = time(node, "start", errors);
        LocalTime end = time(node, "end", errors);
        if (start == null || end == null) {
            return null;
        }
        if (start.equals(end)) {
            errors.add("quietHours", "start and end must differ");
            return null;
        }
        return new QuietHours(start, end);
    }

    private static LocalTime time(JsonNode quietHours, String name, FieldErrors errors) {
        String field = "quietHours." + name;
        JsonNode node = quietHours.get(name);
        if (node == null || node.isNull()) {
            errors.add(field, "is required, as HH:mm");
            return null;
        }
        if (!node.isTextual() || !TIME.matcher(node.textValue()).matches()) {
            errors.add(field, "must be a time as HH:mm, 00:00 to 23:59");
            return null;
        }
        return LocalTime.parse(node.textValue());
    }
}
