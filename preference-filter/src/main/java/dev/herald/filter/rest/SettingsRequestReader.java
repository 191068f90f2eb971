package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.Names;
import dev.herald.common.rest.Problem;
import dev.herald.filter.service.QuietHours;
import dev.herald.filter.service.SettingsUpdate;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the settings page submits, as a form (no JavaScript) or as JSON (its script), into one
 * {@link SettingsUpdate}; both are validated alike.
 *
 * <p>A form sends only the checkboxes that are checked, so it also lists every checkbox it showed in {@code shown}
 * ({@code channel.sms}, {@code category.marketing.sms}): shown and not sent means off.
 */
final class SettingsRequestReader {

    private static final Set<String> JSON_FIELDS = Set.of("channels", "categories", "quietHours", "timezone", "unsubscribedAll");

    /** The time zones the page offers: region ids and UTC, sorted. */
    static final List<String> ZONES;

    static {
        Set<String> zones = new TreeSet<>();
        for (String zone : ZoneId.getAvailableZoneIds()) {
            if (zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/")) {
                zones.add(zone);
            }
        }
        List<String> sorted = new ArrayList<>(zones);
        sorted.addFirst("UTC");
        ZONES = List.copyOf(sorted);
    }

    private SettingsRequestReader() {
    }

    /** The page's JSON body. A field left out is kept as stored; {@code quietHours: null} removes quiet hours. */
    static SettingsUpdate readJson(JsonNode body) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, JSON_FIELDS, "");
        Map<Channel, Boolean> channels = PreferencesRequestReader.switches(body.get("channels"), "channels", errors);
        Map<String, Map<Channel, Boolean>> categories = PreferencesRequestReader.categories(body.get("categories"), errors);
        boolean replaceQuietHours = body.has("quietHours");
        QuietHours quietHours = PreferencesRequestReader.quietHours(body.get("quietHours"), errors);
        String timezone = zone(errors.optionalString(body, "timezone", "timezone"), errors);
        Boolean unsubscribedAll = PreferencesRequestReader.optionalBoolean(body, "unsubscribedAll", errors).orElse(null);
        errors.throwIfAny();
        return new SettingsUpdate(channels, categories, replaceQuietHours, quietHours, timezone, unsubscribedAll);
    }

    /** The page's form; the errors, if any, are returned for the page to show beside the form. */
    static Result readForm(MultivaluedMap<String, String> form) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
        Map<String, Map<Channel, Boolean>> categories = new LinkedHashMap<>();
        for (String shown : form.getOrDefault("shown", List.of())) {
            boolean on = "on".equals(form.getFirst(shown));
            if (shown.startsWith("channel.")) {
                Channel.parse(shown.substring("channel.".length())).ifPresentOrElse(channel -> channels.put(channel, on),
                        () -> errors.add(new Problem.FieldError(shown, "unknown channel")));
            } else if (shown.startsWith("category.") && shown.lastIndexOf('.') > "category.".length()) {
                String category = shown.substring("category.".length(), shown.lastIndexOf('.'));
                var channel = Channel.parse(shown.substring(shown.lastIndexOf('.') + 1));
                if (!Names.NAME.matcher(category).matches() || channel.isEmpty()) {
                    errors.add(new Problem.FieldError(shown, "unknown category or channel"));
                } else {
                    categories.computeIfAbsent(category, name -> new EnumMap<>(Channel.class)).put(channel.get(), on);
                }
            } else {
                errors.add(new Problem.FieldError(shown, "unknown setting"));
            }
        }
        QuietHours quietHours = null;
        if ("on".equals(form.getFirst("quiet"))) {
            LocalTime start = time(form.getFirst("quietStart"), "quietStart", "Quiet hours need a start time.", errors);
            LocalTime end = time(form.getFirst("quietEnd"), "quietEnd", "Quiet hours need an end time.", errors);
            if (start != null && end != null) {
                if (start.equals(end)) {
                    errors.add(new Problem.FieldError("quietEnd", "Quiet hours must end at another time than they start."));
                } else {
                    quietHours = new QuietHours(start, end);
                }
            }
        }
        String timezone = form.getFirst("timezone");
        FieldErrors zoneErrors = new FieldErrors();
        timezone = timezone == null || timezone.isBlank() ? null : zone(timezone, zoneErrors);
        if (timezone == null && form.getFirst("timezone") != null && !form.getFirst("timezone").isBlank()) {
            errors.add(new Problem.FieldError("timezone", "Choose a time zone from the list."));
        }
        return new Result(new SettingsUpdate(channels, categories, true, quietHours, timezone, null), errors);
    }

    record Result(SettingsUpdate update, List<Problem.FieldError> errors) {
    }

    private static LocalTime time(String value, String field, String missing, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, missing));
            return null;
        }
        // <input type="time"> sends HH:mm, or HH:mm:ss with a step under a minute.
        String hhmm = value.length() == 8 ? value.substring(0, 5) : value;
        if (!PreferencesRequestReader.TIME.matcher(hhmm).matches()) {
            errors.add(new Problem.FieldError(field, "Enter the time as HH:MM, for example 22:00."));
            return null;
        }
        return LocalTime.parse(hhmm);
    }

    private static String zone(String zone, FieldErrors errors) {
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
}
