package dev.herald.filter.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A daily window, in the user's time zone, in which non-critical notifications wait; it may span midnight
 * ({@code 22:00-07:00}). The start is inside the window, the end is not.
 *
 * <p>Daylight saving time is read the way people read their clocks: whether now is quiet depends on the wall-clock
 * time now, and the window ends at the next wall-clock {@code end}. When that end falls into a gap (clocks jump
 * from 02:00 to 03:00 and the window ends at 02:30), it ends when the clocks jump, at 03:00; when it falls into an
 * overlap (02:30 happens twice), at its first occurrence.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        if (start == null || end == null || start.equals(end)) {
            throw new IllegalArgumentException("quiet hours need a start and a different end");
        }
    }

    /** Whether the wall-clock time {@code time} is inside the window. */
    public boolean contains(LocalTime time) {
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /** When a notification decided at {@code now} may go out, if {@code now} is quiet in {@code zone}; else empty. */
    public Optional<Instant> deferUntil(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (!contains(local.toLocalTime())) {
            return Optional.empty();
        }
        LocalDate endDate = local.toLocalTime().isBefore(end) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        ZonedDateTime release = endOn(endDate, zone);
        return Optional.of(release.toInstant());
    }

    private ZonedDateTime endOn(LocalDate date, ZoneId zone) {
        var transition = zone.getRules().getTransition(date.atTime(end));
        if (transition != null && transition.isGap()) {
            // The wall-clock end does not exist that day: the window ends when the clocks jump past it.
            return transition.getDateTimeAfter().atZone(zone);
        }
        return ZonedDateTime.ofLocal(date.atTime(end), zone, null);
    }
}
