package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user of a tenant with the contact points Herald may deliver to. Absent contact points are null. */
public record UserProfile(
        String userId,
        String email,
        String phone,
        String locale,
        String timezone,
        List<String> pushTokens,
        SlackTarget slack,
        Instant createdAt,
        Instant updatedAt) {

    /** Separates the device tokens in a push dispatch's address. Tokens never contain it (validated on input). */
    public static final String PUSH_TOKEN_SEPARATOR = ",";

    public UserProfile {
        pushTokens = pushTokens == null ? List.of() : List.copyOf(pushTokens);
    }

    /**
     * The address a dispatch on {@code channel} goes to, or empty when the user has no contact point there: the
     * email address, the E.164 phone number, every device token joined with {@value #PUSH_TOKEN_SEPARATOR}, or
     * {@code channel:<id>} / {@code user:<id>} for Slack.
     */
    public Optional<String> address(Channel channel) {
        return switch (channel) {
            case EMAIL -> Optional.ofNullable(email);
            case SMS -> Optional.ofNullable(phone);
            case PUSH -> pushTokens.isEmpty() ? Optional.empty() : Optional.of(String.join(PUSH_TOKEN_SEPARATOR, pushTokens));
            case SLACK -> Optional.ofNullable(slack).map(SlackTarget::address);
        };
    }
}
