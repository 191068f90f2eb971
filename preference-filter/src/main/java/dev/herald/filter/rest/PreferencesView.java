package dev.herald.filter.rest;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Preferences;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's preferences as the API shows them: every channel's switch (stated or default), the category choices
 * as stored, the quiet hours or null, and whether the user unsubscribed from everything.
 */
public record PreferencesView(Map<String, Boolean> channels, Map<String, Map<String, Boolean>> categories,
        QuietHours quietHours, boolean unsubscribedAll) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public record QuietHours(String start, String end) {
    }

    static PreferencesView of(Preferences preferences) {
        Map<String, Map<String, Boolean>> categories = new LinkedHashMap<>();
        preferences.categories().forEach((category, choices) -> categories.put(category, wire(choices)));
        return new PreferencesView(wire(preferences.resolvedChannels()), categories,
                preferences.quietHours() == null ? null : new QuietHours(
                        preferences.quietHours().start().format(HH_MM), preferences.quietHours().end().format(HH_MM)),
                preferences.unsubscribedAll());
    }

    private static Map<String, Boolean> wire(Map<Channel, Boolean> switches) {
        Map<String, Boolean> wire = new LinkedHashMap<>();
        switches.forEach((channel, enabled) -> wire.put(channel.wireName(), enabled));
        return wire;
    }
}
