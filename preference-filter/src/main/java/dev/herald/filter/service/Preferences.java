package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A user's choices: a global switch per channel, a choice per category and channel, quiet hours, and whether they
 * unsubscribed from everything. Whatever is not stated is on (or, for a category, left to the tenant's default): a
 * user who never set anything gets {@link #DEFAULTS}.
 */
public record Preferences(Map<Channel, Boolean> channels, Map<String, Map<Channel, Boolean>> categories,
        QuietHours quietHours, boolean unsubscribedAll) {

    public static final Preferences DEFAULTS = new Preferences(Map.of(), Map.of(), null, false);

    public Preferences {
        channels = Collections.unmodifiableMap(channels.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(channels));
        Map<String, Map<Channel, Boolean>> copy = new LinkedHashMap<>();
        categories.forEach((category, choices) -> copy.put(category,
                Collections.unmodifiableMap(choices.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(choices))));
        categories = Collections.unmodifiableMap(copy);
    }

    public Preferences(Map<Channel, Boolean> channels, Map<String, Map<Channel, Boolean>> categories, QuietHours quietHours) {
        this(channels, categories, quietHours, false);
    }

    /** The user's global switch for {@code channel}: on unless switched off. */
    public boolean channelEnabled(Channel channel) {
        return channels.getOrDefault(channel, true);
    }

    /** The user's own choice for {@code channel} in {@code category}, if they made one. */
    public Optional<Boolean> categoryChoice(String category, Channel channel) {
        Map<Channel, Boolean> choices = category == null ? null : categories.get(category);
        return choices == null ? Optional.empty() : Optional.ofNullable(choices.get(channel));
    }

    /** The user's choice for {@code channel} in {@code category}: on unless switched off. */
    public boolean categoryEnabled(String category, Channel channel) {
        return categoryChoice(category, channel).orElse(true);
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
