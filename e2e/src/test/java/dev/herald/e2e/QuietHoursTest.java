package dev.herald.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.herald.e2e.PlatformApi.SENT;
import static dev.herald.e2e.PlatformApi.awaitNotification;
import static dev.herald.e2e.PlatformApi.historyReason;
import static dev.herald.e2e.PlatformApi.publish;
import static dev.herald.e2e.PlatformApi.putPreferences;
import static dev.herald.e2e.PlatformApi.putUser;
import static dev.herald.e2e.PlatformApi.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quiet hours through the real processes: a notification decided inside the user's window, read in the user's own
 * time zone, is {@code deferred} until the window ends, then released by the filter's poller and sent, once. The same
 * clock times in another time zone hold nothing back.
 */
@ExtendWith(HeraldPlatform.class)
class QuietHoursTest {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Test
    void aNotificationInsideTheUsersQuietHoursIsDeferredThenSentWhenTheWindowEnds() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // a zone far from the machine's UTC, so a window read in the wrong zone would not cover now
        ZoneId zone = ZoneId.of("Pacific/Auckland");
        ZonedDateTime now = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
        // the window began two minutes ago and ends in 61 to 120 seconds: long enough for the event to be decided
        // inside it, short enough to wait for its end
        LocalTime start = now.minusMinutes(2).toLocalTime();
        LocalTime end = now.plusMinutes(2).toLocalTime();
        Instant windowEnd = now.plusMinutes(2).toInstant();
        Map<String, String> quietHours = Map.of("start", start.format(HH_MM), "end", end.format(HH_MM));

        String sleeper = "sleeper-" + suffix;
        String sleeperEmail = "sleeper+" + suffix + "@example.com";
        putUser(sleeper, Map.of("email", sleeperEmail, "timezone", zone.getId()));
        putPreferences(sleeper, Map.of("quietHours", quietHours));
        // the same wall-clock window read in UTC lies twelve or thirteen hours away
        String elsewhere = "elsewhere-" + suffix;
        String elsewhereEmail = "elsewhere+" + suffix + "@example.com";
        putUser(elsewhere, Map.of("email", elsewhereEmail, "timezone", "UTC"));
        putPreferences(elsewhere, Map.of("quietHours", quietHours));

        String eventId = publish(Map.of("type", "order.shipped", "category", "orders",
                "recipients", List.of(sleeper, elsewhere), "channels", List.of("email"),
                "data", Map.of("orderId", "Q-" + suffix)));

        JsonPath deferred = awaitNotification(eventId, sleeper, "email", List.of("deferred"));
        assertThat(Instant.now()).as("the test's window was still open when the event was decided")
                .isBefore(windowEnd);
        assertThat(deferred.getString("reason")).isEqualTo("quiet_hours: until " + windowEnd);
        assertThat(historyReason(deferred, "deferred")).isEqualTo("quiet_hours: until " + windowEnd);
        assertThat(sandbox("email", sleeperEmail)).isEmpty();
        awaitNotification(eventId, elsewhere, "email", SENT);
        assertThat(sandbox("email", elsewhereEmail)).hasSize(1);

        // released by the poller (every 5 s) once the window is over
        Duration untilReleased = Duration.between(Instant.now(), windowEnd).plusSeconds(60);
        JsonPath released = awaitNotification(eventId, sleeper, "email", untilReleased, SENT);
        assertThat(released.getList("history.state")).containsSubsequence("deferred", "queued", "sent");
        // The release's queued status carries quiet_hours_ended and moves the notification on from deferred.
        assertThat(historyReason(released, "queued")).isEqualTo("quiet_hours_ended");
        assertThat(sandbox("email", sleeperEmail)).singleElement().satisfies(message -> {
            assertThat((String) message.get("body")).contains("Q-" + suffix);
            assertThat(Instant.parse((String) message.get("receivedAt"))).isAfterOrEqualTo(windowEnd);
        });
    }
}
