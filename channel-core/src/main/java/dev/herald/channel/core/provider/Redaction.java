package dev.herald.channel.core.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps recipient addresses out of logs and status reasons: an address is shown only by a hint of its shape
 * ({@code j***@example.com}, {@code +43***89}), and free text from providers has any address in it masked.
 */
public final class Redaction {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    private static final Pattern PHONE = Pattern.compile("\\+\\d{7,15}");
    private static final int MAX_REASON = 500;

    private Redaction() {
    }

    /** A recipient address reduced to a hint: the first character and the domain of an email, the ends of a number. */
    public static String address(String address) {
        if (address == null || address.isBlank()) {
            return "<none>";
        }
        int at = address.indexOf('@');
        if (at > 0) {
            return address.charAt(0) + "***" + address.substring(at);
        }
        if (address.length() > 6) {
            return address.substring(0, 3) + "***" + address.substring(address.length() - 2);
        }
        return "***";
    }

    /** Provider text made fit for a log line or a status reason: addresses masked, one line, bounded length. */
    public static String reason(String text) {
        if (text == null) {
            return null;
        }
        Matcher emails = EMAIL.matcher(text);
        String masked = emails.replaceAll(match -> Matcher.quoteReplacement("***@" + match.group(1)));
        masked = PHONE.matcher(masked).replaceAll("***");
        masked = masked.replaceAll("\\s+", " ").trim();
        return masked.length() <= MAX_REASON ? masked : masked.substring(0, MAX_REASON - 1) + "…";
    }
}
