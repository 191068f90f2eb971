package dev.herald.channel.slack.provider;

import java.util.Optional;

/**
 * Where a Slack notification goes, as preference-filter addresses it: {@code channel:<id>} posts into a channel,
 * {@code user:<id>} sends a direct message from the app to that user.
 *
 * <p>A direct message is posted with the user id as {@code channel}: Slack then delivers it into the app's DM with
 * the user (its Messages tab) and answers with that DM's {@code D...} id. That needs only {@code chat:write}, costs
 * one call instead of {@code conversations.open} + {@code chat.postMessage}, and leaves no half-done step to retry.
 *
 * @param conversation the value for {@code chat.postMessage}'s {@code channel}: a channel id (or name) or a user id
 * @param direct       whether this is a direct message to a user
 */
public record SlackAddress(String conversation, boolean direct) {

    static final String CHANNEL_PREFIX = "channel:";
    static final String USER_PREFIX = "user:";
    private static final int MAX_ID_LENGTH = 255;

    /** The target an address names, or empty for anything that is not {@code channel:<id>} or {@code user:<id>}. */
    public static Optional<SlackAddress> parse(String address) {
        if (address == null) {
            return Optional.empty();
        }
        if (address.startsWith(CHANNEL_PREFIX)) {
            return id(address.substring(CHANNEL_PREFIX.length())).map(id -> new SlackAddress(id, false));
        }
        if (address.startsWith(USER_PREFIX)) {
            return id(address.substring(USER_PREFIX.length())).map(id -> new SlackAddress(id, true));
        }
        return Optional.empty();
    }

    private static Optional<String> id(String id) {
        boolean plausible = !id.isEmpty() && id.length() <= MAX_ID_LENGTH
                && id.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
        return plausible ? Optional.of(id) : Optional.empty();
    }
}
