package dev.herald.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on standard output, each with the time of day. */
public final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Console() {
    }

    public static void info(String format, Object... args) {
        System.out.println("[bench " + LocalTime.now().format(TIME) + "] " + String.format(format, args));
    }
}
