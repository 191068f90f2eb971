package dev.herald.bench;

/**
 * The benchmark's users, by index: {@code bench-u000042}. Their contact points are unique per user and none is one
 * of provider-sandbox's magic values, so every message is accepted and can be told apart.
 */
public final class Users {

    private Users() {
    }

    public static String id(int index) {
        return "bench-u%06d".formatted(index);
    }

    public static String email(int index) {
        return "bench-u%06d@bench.herald.test".formatted(index);
    }

    public static String phone(int index) {
        return "+447700%06d".formatted(index);
    }

    public static String pushToken(int index) {
        return "bench-token-%06d".formatted(index);
    }

    public static String slackChannel(int index) {
        return "CBENCH%06d".formatted(index);
    }

    /** The user's body for {@code PUT /v1/users/{id}}. */
    public static String body(int index, boolean allChannels) {
        if (!allChannels) {
            return "{\"email\":\"" + email(index) + "\",\"locale\":\"en\"}";
        }
        return "{\"email\":\"" + email(index) + "\",\"phone\":\"" + phone(index) + "\",\"locale\":\"en\","
                + "\"pushTokens\":[\"" + pushToken(index) + "\"],\"slack\":{\"channel\":\"" + slackChannel(index) + "\"}}";
    }

    /** Where the sandbox records a message to this user on {@code channel} (its {@code to}). */
    public static String sandboxAddress(int index, String channel) {
        return switch (channel) {
            case "email" -> email(index);
            case "sms" -> phone(index);
            case "push" -> pushToken(index);
            case "slack" -> slackChannel(index);
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        };
    }

    /** The index of a user id made by {@link #id(int)}. */
    public static int index(String userId) {
        return Integer.parseInt(userId.substring("bench-u".length()));
    }
}
