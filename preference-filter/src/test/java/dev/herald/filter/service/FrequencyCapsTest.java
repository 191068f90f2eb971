package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.filter.service.policy.PreferencePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.herald.filter.service.Recipients.reachableEverywhere;
import static dev.herald.filter.service.Recipients.withChannelOff;
import static dev.herald.filter.service.Recipients.withDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which notifications a frequency cap counts, and how a capped one is recorded. */
class FrequencyCapsTest {

    private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");
    private final NotificationPlanner planner = new NotificationPlanner(PreferencePolicy.standard(), "en");
    private final FrequencyCaps smsCap = new FrequencyCaps(Map.of(Channel.SMS, new FrequencyCaps.Cap(5, Duration.ofHours(1))));

    private static EventMessage event(boolean critical) {
        return new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), "acme", "api", "order.shipped", "orders",
                critical, List.of("u-1"), Map.of(), List.of(Channel.EMAIL, Channel.SMS), null, NOON);
    }

    private List<PlannedNotification> plan(EventMessage event, Recipient recipient, Instant now) {
        return planner.plan(event, Map.of("u-1", recipient), now);
    }

    @Test
    void countsOnlyWhatIsDispatchedNowOnACappedChannel() {
        List<PlannedNotification> planned = plan(event(false), withDefaults(reachableEverywhere("u-1")), NOON);

        assertThat(smsCap.subjects(planned)).extracting(notification -> notification.dispatch().channel())
                .containsExactly(Channel.SMS);
    }

    @Test
    void countsNothingThatAPreferenceSuppressed() {
        List<PlannedNotification> planned = plan(event(false), withChannelOff(reachableEverywhere("u-1"), Channel.SMS), NOON);

        assertThat(smsCap.subjects(planned)).isEmpty();
    }

    @Test
    void countsADeferredNotificationOnlyWhenItIsReleased() {
        Recipient sleeping = new Recipient(reachableEverywhere("u-1"),
                new Preferences(Map.of(), Map.of(), new QuietHours(LocalTime.of(0, 0), LocalTime.of(23, 59))));

        List<PlannedNotification> planned = plan(event(false), sleeping, NOON);

        assertThat(planned).allMatch(PlannedNotification::deferred);
        assertThat(smsCap.subjects(planned)).isEmpty();
    }

    @Test
    void neverCountsOrCapsACriticalNotification() {
        List<PlannedNotification> planned = plan(event(true), withDefaults(reachableEverywhere("u-1")), NOON);
        UUID sms = NotificationIds.notificationId(planned.getFirst().status().eventId(), "u-1", Channel.SMS);

        assertThat(smsCap.subjects(planned)).isEmpty();
        assertThat(smsCap.apply(planned, Set.of(sms))).isEqualTo(planned);
    }

    @Test
    void recordsACappedNotificationAsSuppressedWithTheCapAndDispatchesNothing() {
        EventMessage event = event(false);
        List<PlannedNotification> planned = plan(event, withDefaults(reachableEverywhere("u-1")), NOON);
        UUID sms = NotificationIds.notificationId(event.eventId(), "u-1", Channel.SMS);

        List<PlannedNotification> applied = smsCap.apply(planned, Set.of(sms));

        assertThat(applied).hasSize(2);
        assertThat(applied.get(0)).isEqualTo(planned.get(0));
        PlannedNotification capped = applied.get(1);
        assertThat(capped.dispatch()).isNull();
        assertThat(capped.dispatched()).isFalse();
        assertThat(capped.status().notificationId()).isEqualTo(sms);
        assertThat(capped.status().state()).isEqualTo(NotificationState.SUPPRESSED);
        assertThat(capped.status().attempt()).isEqualTo(NotificationPlanner.NO_ATTEMPT);
        assertThat(capped.status().reason()).isEqualTo("frequency_cap: 5 per 1h");
        assertThat(capped.status().routingKey()).isEqualTo("sms.suppressed");
    }

    @Test
    void capsNothingWithoutConfiguredCaps() {
        List<PlannedNotification> planned = plan(event(false), withDefaults(reachableEverywhere("u-1")), NOON);

        assertThat(FrequencyCaps.NONE.subjects(planned)).isEmpty();
        assertThat(FrequencyCaps.NONE.longestWindow()).isZero();
    }

    @Test
    void readsCapsByChannelNameAndRefusesAnUnknownChannel() {
        FrequencyCaps caps = FrequencyCaps.of(Map.of("sms", cap(5, Duration.ofHours(1)), "email", cap(20, Duration.ofDays(1))));

        assertThat(caps.capOf(Channel.SMS)).contains(new FrequencyCaps.Cap(5, Duration.ofHours(1)));
        assertThat(caps.capOf(Channel.PUSH)).isEmpty();
        assertThat(caps.longestWindow()).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> FrequencyCaps.of(Map.of("fax", cap(1, Duration.ofHours(1)))))
                .hasMessageContaining("herald.filter.frequency-caps.fax");
        assertThatThrownBy(() -> new FrequencyCaps.Cap(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheWindowInItsLargestWholeUnit() {
        assertThat(FrequencyCaps.describe(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(FrequencyCaps.describe(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(FrequencyCaps.describe(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(FrequencyCaps.describe(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    private static dev.herald.filter.config.FilterConfig.FrequencyCap cap(int limit, Duration window) {
        return new dev.herald.filter.config.FilterConfig.FrequencyCap() {
            @Override
            public int limit() {
                return limit;
            }

            @Override
            public Duration window() {
                return window;
            }
        };
    }
}
