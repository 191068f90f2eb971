package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A known user, the preferences that apply to them (the defaults when they stored none) and those of their addresses
 * that are on the tenant's suppression list.
 */
public record Recipient(UserProfile user, Preferences preferences, SuppressedAddresses suppressed) {

    public Recipient {
        suppressed = suppressed == null ? SuppressedAddresses.NONE : suppressed;
    }

    public Recipient(UserProfile user, Preferences preferences) {
        this(user, preferences, SuppressedAddresses.NONE);
    }

    /**
     * The address a dispatch on {@code channel} may go to: the user's contact point less its suppressed addresses.
     * A push dispatch keeps the device tokens that are not suppressed; it is empty when all of them are.
     */
    public Optional<String> deliverableAddress(Channel channel) {
        if (channel == Channel.PUSH) {
            List<String> tokens = new ArrayList<>();
            for (String token : user.pushTokens()) {
                if (suppressed.reason(channel, token).isEmpty()) {
                    tokens.add(token);
                }
            }
            return tokens.isEmpty() ? Optional.empty() : Optional.of(String.join(UserProfile.PUSH_TOKEN_SEPARATOR, tokens));
        }
        return user.address(channel).filter(address -> suppressed.reason(channel, address).isEmpty());
    }

    /** Why the user's address on {@code channel} is suppressed (for push: the first of its tokens), if it is. */
    public Optional<String> suppressionReason(Channel channel) {
        if (channel == Channel.PUSH) {
            return user.pushTokens().stream().map(token -> suppressed.reason(channel, token))
                    .flatMap(Optional::stream).findFirst();
        }
        return user.address(channel).flatMap(address -> suppressed.reason(channel, address));
    }
}
