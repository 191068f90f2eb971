package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A category of a tenant: which channels its notifications use unless a user chose otherwise (a channel not named
 * is on), whether it is critical (its events bypass opt-outs and users cannot switch it off), and how the settings
 * page names and explains it.
 */
public record CategoryDefault(String category, Map<Channel, Boolean> channels, boolean critical, String label,
        String description) {

    public CategoryDefault {
        channels = Collections.unmodifiableMap(channels.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(channels));
    }

    public boolean channelEnabled(Channel channel) {
        return channels.getOrDefault(channel, true);
    }

    /** What the settings page shows: the label, or the category's name. */
    public String displayName() {
        return label == null || label.isBlank() ? category : label;
    }
}
