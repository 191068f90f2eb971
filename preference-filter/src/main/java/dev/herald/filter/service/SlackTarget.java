package dev.herald.filter.service;

/** Where a user's Slack messages go: exactly one of a channel id or a user id (direct message). */
public record SlackTarget(String channel, String userId) {

    public SlackTarget {
        if ((channel == null) == (userId == null)) {
            throw new IllegalArgumentException("a Slack target is exactly one of a channel or a user id");
        }
    }

    public static SlackTarget channel(String channel) {
        return new SlackTarget(channel, null);
    }

    public static SlackTarget user(String userId) {
        return new SlackTarget(null, userId);
    }

    /** The dispatch address: {@code channel:<id>} or {@code user:<id>}. */
    public String address() {
        return channel != null ? "channel:" + channel : "user:" + userId;
    }
}
