package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopDriverTest {

    @Test
    void dueTimesFollowTheRateExactlyWithoutDrifting() {
        assertThat(OpenLoopDriver.dueOffsetNanos(0, 333)).isZero();
        assertThat(OpenLoopDriver.dueOffsetNanos(1, 1000)).isEqualTo(1_000_000);
        // 3 per millisecond does not divide evenly; the 30,000th request is still due at exactly 10 s
        assertThat(OpenLoopDriver.dueOffsetNanos(30_000, 3000)).isEqualTo(10_000_000_000L);
        assertThat(OpenLoopDriver.dueOffsetNanos(2_500, 250)).isEqualTo(10_000_000_000L);
    }

    @Test
    void waitingReturnsAtTheDueTimeNotBefore() {
        long due = System.nanoTime() + 3_000_000;
        OpenLoopDriver.waitUntil(due);
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(due);
    }

    @Test
    void theClosedLoopObeysRetryAfterButNeverWaitsLongerThanASecond() {
        assertThat(ClosedLoopDriver.backoffMillis(java.util.Optional.of("1"))).isEqualTo(1000);
        assertThat(ClosedLoopDriver.backoffMillis(java.util.Optional.of("30"))).isEqualTo(1000);
        assertThat(ClosedLoopDriver.backoffMillis(java.util.Optional.of("0"))).isEqualTo(1);
        assertThat(ClosedLoopDriver.backoffMillis(java.util.Optional.empty())).isEqualTo(1000);
        assertThat(ClosedLoopDriver.backoffMillis(java.util.Optional.of("soon"))).isEqualTo(1000);
    }

    @Test
    void usersAreHandedOutInTurnAndWrapAround() {
        UserCursor cursor = new UserCursor(5);
        assertThat(cursor.take(2)).isEqualTo(0);
        assertThat(cursor.take(2)).isEqualTo(2);
        int first = cursor.take(2);
        assertThat(first).isEqualTo(4);
        assertThat(cursor.user(first, 1)).isZero();
    }

    @Test
    void anEventNamesItsConsecutiveRecipientsAndChannels() {
        EventBodies bodies = new EventBodies(new UserCursor(100), 2, java.util.List.of("email", "sms"));
        assertThat(bodies.body(99, 7)).contains("\"recipients\":[\"bench-u000099\",\"bench-u000000\"]",
                "\"channels\":[\"email\",\"sms\"]", "\"orderId\":\"B-7\"", "\"type\":\"order.shipped\"");
    }
}
