package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's choices: a global switch per channel, a choice per category and channel, and quiet hours. Whatever is
 * not stated is on: a user who never set anything gets {@link #DEFAULTS}.
 */
public record Preferences(Map<Channel, Boolean> channels, Map<String, Map<Channel, Boolean>> categories,
        QuietHours quietHours) {

    public static final Preferences DEFAULTS = new Preferences(Map.of(), Map.of(), null);

    public Preferences {
        channels = Collections.unmodifiableMap(channels.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(channels));
        Map<String, Map<Channel, Boolean>> copy = new LinkedHashMap<>();
        categories.forEach((category, choices) -> copy.put(category,
                Collections.unmodifiableMap(choices.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(choices))));
        categories = Collections.unmodifiableMap(copy);
    }

    /** The user's global switch for {@code channel}: on unless switched off. */
    public boolean channelEnabled(Channel channel) {
        return channels.getOrDefault(channel, true);
    }

    /** The user's choice for {@code channel} in {@code category}: on unless switched off. */
    public boolean categoryEnabled(String category, Channel channel) {
        Map<Channel, Boolean> choices = category == null ? null : categories.get(category);
        return choices == null || choices.getOrDefault(channel, true);
    }

    /** Every channel's switch, stated or not. */
    public Map<Channel, Boolean> resolvedChannels() {
        Map<Channel, Boolean> resolved = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            resolved.put(channel, channelEnabled(channel));
        }
        return resolved;
    }
}
