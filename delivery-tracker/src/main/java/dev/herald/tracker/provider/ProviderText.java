package dev.herald.tracker.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider free text (bounce reasons, SMTP responses) made fit for history and logs: email addresses and phone
 * numbers masked, one line, bounded. Recipients' addresses never reach the history, only the hygiene report.
 */
final class ProviderText {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    /** E.164 numbers, and bare runs of 10 to 15 digits; not SMTP codes such as {@code 550 5.1.1}. */
    private static final Pattern PHONE = Pattern.compile("\\+\\d{7,15}|\\b\\d{10,15}\\b");
    private static final int MAX = 500;

    private ProviderText() {
    }

    static String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll(match -> Matcher.quoteReplacement("***@" + match.group(1)));
        masked = PHONE.matcher(masked).replaceAll("***");
        masked = masked.replaceAll("\\s+", " ").strip();
        return masked.length() <= MAX ? masked : masked.substring(0, MAX - 1) + "…";
    }

    /** Joins the non-blank parts with ": ". */
    static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (!joined.isEmpty()) {
                    joined.append(": ");
                }
                joined.append(part.strip());
            }
        }
        return joined.isEmpty() ? null : joined.toString();
    }
}
