package dev.herald.filter.service.link;

import dev.herald.common.contract.Channel;

import java.time.Instant;

/**
 * What a signed link grants: a purpose, for one user of one tenant, until it expires. An unsubscribe token also
 * names the category and the channel it unsubscribes from.
 */
public record LinkToken(Purpose purpose, String tenant, String userId, String category, Channel channel,
        Instant expiresAt) {

    public enum Purpose {
        /** Open and save the user's settings page. */
        SETTINGS("s"),
        /** Unsubscribe the user from one category on one channel. */
        UNSUBSCRIBE("u");

        final String code;

        Purpose(String code) {
            this.code = code;
        }

        static Purpose ofCode(String code) {
            for (Purpose purpose : values()) {
                if (purpose.code.equals(code)) {
                    return purpose;
                }
            }
            throw new IllegalArgumentException("unknown purpose");
        }
    }

    public static LinkToken settings(String tenant, String userId, Instant expiresAt) {
        return new LinkToken(Purpose.SETTINGS, tenant, userId, null, null, expiresAt);
    }

    public static LinkToken unsubscribe(String tenant, String userId, String category, Channel channel, Instant expiresAt) {
        return new LinkToken(Purpose.UNSUBSCRIBE, tenant, userId, category, channel, expiresAt);
    }
}
