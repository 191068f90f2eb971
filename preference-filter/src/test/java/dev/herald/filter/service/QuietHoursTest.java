package dev.herald.filter.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    @ParameterizedTest(name = "{0}-{1} contains {2}: {3}")
    @CsvSource({
            "22:00, 07:00, 22:00, true",
            "22:00, 07:00, 23:59, true",
            "22:00, 07:00, 00:00, true",
            "22:00, 07:00, 06:59, true",
            "22:00, 07:00, 07:00, false",
            "22:00, 07:00, 21:59, false",
            "22:00, 07:00, 12:00, false",
            "13:00, 18:00, 13:00, true",
            "13:00, 18:00, 17:59, true",
            "13:00, 18:00, 18:00, false",
            "13:00, 18:00, 12:59, false",
    })
    void containsItsStartButNotItsEnd(String start, String end, String time, boolean contained) {
        assertThat(new QuietHours(LocalTime.parse(start), LocalTime.parse(end)).contains(LocalTime.parse(time))).isEqualTo(contained);
    }

    @Test
    void aWindowNeedsDifferentStartAndEnd() {
        assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defersBeforeMidnightToTheNextMorning() {
        // 23:30 in Paris (CEST, UTC+2) -> 07:00 the next day = 05:00 UTC.
        assertThat(NIGHT.deferUntil(Instant.parse("2025-06-01T21:30:00Z"), PARIS))
                .contains(Instant.parse("2025-06-02T05:00:00Z"));
    }

    @Test
    void defersAfterMidnightToTheSameMorning() {
        // 03:00 in Paris -> 07:00 that day.
        assertThat(NIGHT.deferUntil(Instant.parse("2025-06-02T01:00:00Z"), PARIS))
                .contains(Instant.parse("2025-06-02T05:00:00Z"));
    }

    @Test
    void theSameInstantIsQuietInOneZoneAndNotInAnother() {
        Instant instant = Instant.parse("2025-06-01T21:30:00Z");

        assertThat(NIGHT.deferUntil(instant, PARIS)).isPresent();
        assertThat(NIGHT.deferUntil(instant, NEW_YORK)).isEmpty();
        assertThat(NIGHT.deferUntil(instant, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void releasesAtTheWallClockEndAfterClocksSprangForwardDuringTheNight() {
        // Paris, night of 29-30 March 2025: 02:00 CET became 03:00 CEST. 23:00 CET = 22:00 UTC; 07:00 CEST = 05:00 UTC.
        assertThat(NIGHT.deferUntil(Instant.parse("2025-03-29T22:00:00Z"), PARIS))
                .contains(Instant.parse("2025-03-30T05:00:00Z"));
    }

    @Test
    void releasesAtTheWallClockEndAfterClocksFellBackDuringTheNight() {
        // Paris, night of 25-26 October 2025: 03:00 CEST became 02:00 CET. 23:00 CEST = 21:00 UTC; 07:00 CET = 06:00 UTC.
        assertThat(NIGHT.deferUntil(Instant.parse("2025-10-25T21:00:00Z"), PARIS))
                .contains(Instant.parse("2025-10-26T06:00:00Z"));
    }

    @Test
    void anEndThatFallsIntoTheSpringGapEndsWhenTheClocksJump() {
        // 01:00-02:30 on 30 March 2025 in Paris: 02:30 does not exist; at 01:30 CET (00:30 UTC) it ends at 03:00 CEST.
        QuietHours window = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));

        assertThat(window.deferUntil(Instant.parse("2025-03-30T00:30:00Z"), PARIS))
                .contains(Instant.parse("2025-03-30T01:00:00Z"));
    }

    @Test
    void anEndThatFallsIntoTheAutumnOverlapEndsAtItsFirstOccurrence() {
        // 01:00-02:30 on 26 October 2025 in Paris: 02:30 happens twice, first in CEST (00:30 UTC).
        QuietHours window = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));

        assertThat(window.deferUntil(Instant.parse("2025-10-25T23:15:00Z"), PARIS))
                .contains(Instant.parse("2025-10-26T00:30:00Z"));
    }

    @Test
    void aWindowStartingInTheSpringGapHasStartedAfterTheJump() {
        // 02:30-06:00 on 30 March 2025: 02:30 never shows; at 03:10 CEST (01:10 UTC) the window is on, until 06:00 CEST.
        QuietHours window = new QuietHours(LocalTime.of(2, 30), LocalTime.of(6, 0));

        assertThat(window.deferUntil(Instant.parse("2025-03-30T01:10:00Z"), PARIS))
                .contains(Instant.parse("2025-03-30T04:00:00Z"));
        assertThat(window.deferUntil(Instant.parse("2025-03-30T00:55:00Z"), PARIS)).isEmpty();
    }

    @Test
    void aWindowAcrossTheDateLineFollowsTheLocalDate() {
        // 23:00 in Auckland (NZST, UTC+12) on 1 June -> 07:00 on 2 June = 19:00 UTC on 1 June.
        assertThat(NIGHT.deferUntil(Instant.parse("2025-06-01T11:00:00Z"), ZoneId.of("Pacific/Auckland")))
                .contains(Instant.parse("2025-06-01T19:00:00Z"));
    }
}
