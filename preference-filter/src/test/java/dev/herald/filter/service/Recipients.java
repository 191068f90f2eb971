package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test users for the pure tests. */
public final class Recipients {

    private Recipients() {
    }

    public static UserProfile reachableEverywhere(String userId) {
        return new UserProfile(userId, userId + "@example.com", "+14155550100", "fr-FR", "Europe/Paris",
                List.of("token-a", "token-b"), SlackTarget.channel("C123"), Instant.EPOCH, Instant.EPOCH);
    }

    public static UserProfile emailOnly(String userId) {
        return new UserProfile(userId, userId + "@example.com", null, null, null, List.of(), null, Instant.EPOCH,
                Instant.EPOCH);
    }

    public static Recipient withDefaults(UserProfile user) {
        return new Recipient(user, Preferences.DEFAULTS);
    }

    public static Recipient withChannelOff(UserProfile user, Channel channel) {
        return new Recipient(user, new Preferences(Map.of(channel, false), Map.of(), null));
    }

    public static Recipient withCategoryOff(UserProfile user, String category, Channel channel) {
        return new Recipient(user, new Preferences(Map.of(), Map.of(category, Map.of(channel, false)), null));
    }
}
