package dev.herald.channel.push.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The device tokens of a push dispatch: the preference filter puts all of a user's tokens into the dispatch's
 * {@code address}, separated by commas. A token is a bearer credential for one device, so logs and reasons show only
 * a short prefix of it: enough to tell a user's tokens apart, too little to send to the device.
 */
final class DeviceTokens {

    static final String SEPARATOR = ",";
    private static final int HINT_LENGTH = 8;

    private DeviceTokens() {
    }

    /** The distinct, non-blank tokens of an address, in order. */
    static List<String> parse(String address) {
        if (address == null || address.isBlank()) {
            return List.of();
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String token : address.split(SEPARATOR)) {
            String trimmed = token.strip();
            if (!trimmed.isEmpty()) {
                tokens.add(trimmed);
            }
        }
        return List.copyOf(tokens);
    }

    /** A token reduced to a short prefix ({@code dXJ0aGVy…}); at most a third of a short token. */
    static String hint(String token) {
        if (token == null || token.isEmpty()) {
            return "<none>";
        }
        int shown = Math.min(HINT_LENGTH, token.length() / 3);
        return token.substring(0, shown) + "…";
    }
}
