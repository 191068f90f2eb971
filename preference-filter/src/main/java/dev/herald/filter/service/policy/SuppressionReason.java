package dev.herald.filter.service.policy;

import java.util.Locale;

/** Why a notification was not dispatched; its wire name starts the {@code reason} of the suppressed status. */
public enum SuppressionReason {
    /** The recipient is not a user of the event's tenant. */
    UNKNOWN_USER,
    /** The user has no address for the channel (no email, phone, device token or Slack target). */
    NO_CONTACT_POINT,
    /** The user's address is on the tenant's suppression list; the detail says why (hard_bounce, ...). */
    SUPPRESSION_LIST,
    /** The user unsubscribed from everything. */
    UNSUBSCRIBED_ALL,
    /** The user switched the channel off. */
    CHANNEL_DISABLED,
    /** The user switched the channel off for the event's category. */
    CATEGORY_DISABLED,
    /** The tenant has the channel off by default for the event's category, and the user did not switch it on. */
    CATEGORY_DEFAULT_OFF,
    /**
     * The user reached the channel's frequency cap; the detail gives the cap ({@code 5 per 1h}). Decided after the
     * policy, with the counts in PostgreSQL (see {@code FrequencyCapGate}), not by a rule of its own.
     */
    FREQUENCY_CAP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
