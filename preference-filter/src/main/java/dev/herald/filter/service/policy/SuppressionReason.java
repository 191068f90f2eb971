package dev.herald.filter.service.policy;

import java.util.Locale;

/** Why a notification was not dispatched; its wire name is the {@code reason} of the suppressed status. */
public enum SuppressionReason {
    /** The recipient is not a user of the event's tenant. */
    UNKNOWN_USER,
    /** The user has no address for the channel (no email, phone, device token or Slack target). */
    NO_CONTACT_POINT,
    /** The user switched the channel off. */
    CHANNEL_DISABLED,
    /** The user switched the channel off for the event's category. */
    CATEGORY_DISABLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
