package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses on a tenant's suppression list, each with why it is there ({@code hard_bounce}, ...), keyed by
 * {@link #key(Channel, String)}. Email addresses compare without regard to case.
 */
public record SuppressedAddresses(Map<String, String> reasons) {

    public static final SuppressedAddresses NONE = new SuppressedAddresses(Map.of());

    public SuppressedAddresses {
        reasons = Map.copyOf(reasons);
    }

    public Optional<String> reason(Channel channel, String address) {
        return reasons.isEmpty() || address == null ? Optional.empty() : Optional.ofNullable(reasons.get(key(channel, address)));
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    public static String key(Channel channel, String address) {
        return channel.wireName() + " " + normalize(channel, address);
    }

    /** The stored form of an address: email addresses lower-case, every other address as it is. */
    public static String normalize(Channel channel, String address) {
        return channel == Channel.EMAIL ? address.strip().toLowerCase(Locale.ROOT) : address.strip();
    }
}
