package dev.herald.bench;

import java.time.Duration;
import java.util.Map;

/** Reading the numeric command-line options of the benchmark and the chaos run ({@code --name value}). */
public final class OptionValues {

    private OptionValues() {
    }

    /** A whole number of seconds, at least 0; {@code fallback} when the option is absent. */
    public static Duration seconds(Map<String, String> values, String name, int fallback) {
        int seconds = integer(values, name, fallback);
        if (seconds < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
        return Duration.ofSeconds(seconds);
    }

    /** A whole number; {@code fallback} when the option is absent. */
    public static int integer(Map<String, String> values, String name, int fallback) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + value + "' is not a whole number");
        }
    }
}
