package dev.herald.filter.service;

import java.time.LocalTime;

/** A daily window, in the user's time zone, in which non-critical notifications wait; it may span midnight. */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        if (start == null || end == null || start.equals(end)) {
            throw new IllegalArgumentException("quiet hours need a start and a different end");
        }
    }
}
