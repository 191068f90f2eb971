package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Map;

/**
 * What the settings page (its form, or its JSON API) submits: the switches it showed, quiet hours (when
 * {@code replaceQuietHours}: null to have none), the time zone (null to keep it) and, if given, whether the user is
 * unsubscribed from everything. Only what is given changes; every other stored choice is kept.
 */
public record SettingsUpdate(Map<Channel, Boolean> channels, Map<String, Map<Channel, Boolean>> categories,
        boolean replaceQuietHours, QuietHours quietHours, String timezone, Boolean unsubscribedAll) {

    public SettingsUpdate {
        channels = Map.copyOf(channels);
        categories = Map.copyOf(categories);
    }

    /** Only the unsubscribe-from-all flag changes. */
    public static SettingsUpdate unsubscribedAll(boolean unsubscribed) {
        return new SettingsUpdate(Map.of(), Map.of(), false, null, null, unsubscribed);
    }
}
