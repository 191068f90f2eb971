package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.filter.service.SlackTarget;
import dev.herald.filter.service.UserProfile;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of {@code PUT /v1/users/{userId}} strictly: wrong JSON types are errors, never
 * coerced, and unknown fields are rejected. Every offending field is reported at once.
 */
final class UserRequestReader {

    static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_PUSH_TOKENS = 20;
    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_SLACK_ID_LENGTH = 255;

    private static final Set<String> FIELDS = Set.of("email", "phone", "locale", "timezone", "pushTokens", "slack");
    private static final Set<String> SLACK_FIELDS = Set.of("channel", "userId");

    private UserRequestReader() {
    }

    /** The user described by {@code body}; locale and time zone in their canonical form. */
    static UserProfile read(String userId, JsonNode body) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, FIELDS, "");

        String email = errors.optionalString(body, "email", "email");
        if (email != null && (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches())) {
            errors.add("email", "not a valid email address");
        }
        String phone = errors.optionalString(body, "phone", "phone");
        if (phone != null && !E164.matcher(phone).matches()) {
            errors.add("phone", "must be an E.164 number such as +14155550100");
        }
        String locale = canonicalLocale(errors.optionalString(body, "locale", "locale"), errors);
        String timezone = canonicalZone(errors.optionalString(body, "timezone", "timezone"), errors);
        List<String> pushTokens = pushTokens(body.get("pushTokens"), errors);
        SlackTarget slack = slack(body.get("slack"), errors);

        errors.throwIfAny();
        return new UserProfile(userId, email, phone, locale, timezone, pushTokens, slack, null, null);
    }

    private static String canonicalLocale(String tag, FieldErrors errors) {
        if (tag == null) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (!locale.getLanguage().isEmpty()) {
                return locale.toLanguageTag();
            }
        } catch (IllformedLocaleException e) {
            // reported below
        }
        errors.add("locale", "must be a BCP 47 language tag such as en or pt-BR");
        return null;
    }

    private static String canonicalZone(String zone, FieldErrors errors) {
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            errors.add("timezone", "must be a time zone id such as Europe/Paris");
            return null;
        }
    }

    /** Distinct tokens in order; a token may not contain the separator of the push address. */
    private static List<String> pushTokens(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add("pushTokens", "must be an array of strings");
            return List.of();
        }
        if (node.size() > MAX_PUSH_TOKENS) {
            errors.add("pushTokens", "must hold at most " + MAX_PUSH_TOKENS + " tokens");
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode token = node.get(i);
            String field = "pushTokens[" + i + "]";
            if (!token.isTextual()) {
                errors.add(field, "must be a string");
            } else if (token.textValue().isBlank()) {
                errors.add(field, "must not be blank");
            } else if (token.textValue().length() > MAX_TOKEN_LENGTH) {
                errors.add(field, "must be at most " + MAX_TOKEN_LENGTH + " characters");
            } else if (token.textValue().contains(UserProfile.PUSH_TOKEN_SEPARATOR)) {
                errors.add(field, "must not contain '" + UserProfile.PUSH_TOKEN_SEPARATOR + "'");
            } else {
                tokens.add(token.textValue());
            }
        }
        return new ArrayList<>(tokens);
    }

    private static SlackTarget slack(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("slack", "must be an object with either channel or userId");
            return null;
        }
        errors.rejectUnknownFields(node, SLACK_FIELDS, "slack.");
        String channel = slackId(node, "channel", errors);
        String userId = slackId(node, "userId", errors);
        boolean hasChannel = node.hasNonNull("channel");
        boolean hasUser = node.hasNonNull("userId");
        if (hasChannel == hasUser) {
            errors.add("slack", "must have exactly one of channel or userId");
            return null;
        }
        if (channel == null && userId == null) {
            return null;
        }
        return channel != null ? SlackTarget.channel(channel) : SlackTarget.user(userId);
    }

    private static String slackId(JsonNode slack, String name, FieldErrors errors) {
        String field = "slack." + name;
        String value = errors.optionalString(slack, name, field);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace) || value.length() > MAX_SLACK_ID_LENGTH) {
            errors.add(field, "must be a Slack id without spaces, at most " + MAX_SLACK_ID_LENGTH + " characters");
            return null;
        }
        return value;
    }
}
