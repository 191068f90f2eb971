package dev.herald.common.contract;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationIdsTest {

    @Test
    void sameEventUserAndChannelAlwaysGiveTheSameNotificationId() {
        UUID event = UUID.randomUUID();
        assertThat(NotificationIds.notificationId(event, "u-1", Channel.EMAIL))
                .isEqualTo(NotificationIds.notificationId(event, "u-1", Channel.EMAIL))
                .isNotEqualTo(NotificationIds.notificationId(event, "u-1", Channel.SMS))
                .isNotEqualTo(NotificationIds.notificationId(event, "u-2", Channel.EMAIL))
                .isNotEqualTo(NotificationIds.notificationId(UUID.randomUUID(), "u-1", Channel.EMAIL));
    }

    @Test
    void eventIdsAreVersion7AndOrderedByTime() throws InterruptedException {
        UUID first = NotificationIds.newEventId();
        Thread.sleep(2);
        UUID second = NotificationIds.newEventId();
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isLessThan(second.getMostSignificantBits() >>> 16);
        Set<UUID> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(NotificationIds.newEventId());
        }
        assertThat(many).hasSize(10_000);
    }

    @Test
    void traceParentChildKeepsTheTraceAndChangesTheSpan() {
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String child = TraceParent.childOf(parent);
        assertThat(child).startsWith("00-0af7651916cd43dd8448eb211c80319c-").endsWith("-01").hasSize(55);
        assertThat(child).isNotEqualTo(parent);
        assertThat(TraceParent.childOf("garbage")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.childOf(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void statesOnlyRankForward() {
        // a notification held for quiet hours is queued when released: deferred must rank below queued
        assertThat(NotificationState.DEFERRED.rank()).isLessThan(NotificationState.QUEUED.rank());
        assertThat(NotificationState.QUEUED.rank()).isLessThan(NotificationState.RETRYING.rank());
        assertThat(NotificationState.RETRYING.rank()).isLessThan(NotificationState.SENT.rank());
        assertThat(NotificationState.SENT.rank()).isLessThan(NotificationState.DELIVERED.rank());
        assertThat(NotificationState.SENT.isTerminal()).isFalse();
        assertThat(NotificationState.BOUNCED.isTerminal()).isTrue();
        assertThat(NotificationState.fromWire("dead_lettered")).isEqualTo(NotificationState.DEAD_LETTERED);
    }
}
