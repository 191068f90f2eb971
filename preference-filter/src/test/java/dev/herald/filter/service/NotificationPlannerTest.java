package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.filter.service.policy.PreferencePolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.herald.filter.service.Recipients.emailOnly;
import static dev.herald.filter.service.Recipients.reachableEverywhere;
import static dev.herald.filter.service.Recipients.withDefaults;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationPlannerTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2025-06-02T12:00:00Z");
    private final NotificationPlanner planner = new NotificationPlanner(PreferencePolicy.standard(), "en");

    private static EventMessage event(List<String> recipients, List<Channel> channels) {
        return new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), "acme", "api", "order.shipped", "orders",
                false, recipients, Map.of("orderId", "o-1"), channels, EXPIRES, NOW);
    }

    @Test
    void dispatchesWithDeterministicIdAndAQueuedStatus() {
        EventMessage event = event(List.of("u-1"), List.of(Channel.EMAIL));

        List<PlannedNotification> planned = planner.plan(event, Map.of("u-1", withDefaults(reachableEverywhere("u-1"))), NOW);

        UUID notificationId = NotificationIds.notificationId(event.eventId(), "u-1", Channel.EMAIL);
        assertThat(planned).hasSize(1);
        assertThat(planned.getFirst().dispatch()).isEqualTo(new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                notificationId, event.eventId(), "acme", "order.shipped", "orders", "u-1", Channel.EMAIL, "u-1@example.com",
                "fr-FR", Map.of("orderId", "o-1"), 1, EXPIRES));
        StatusMessage status = planned.getFirst().status();
        assertThat(status).isEqualTo(new StatusMessage(StatusMessage.SCHEMA_VERSION, notificationId, event.eventId(), "acme",
                "u-1", Channel.EMAIL, NotificationState.QUEUED, NOW, 1, null, null, null));
        assertThat(status.routingKey()).isEqualTo("email.queued");
    }

    @Test
    void usesTheDefaultLocaleForUsersWithoutOne() {
        List<PlannedNotification> planned = planner.plan(event(List.of("u-1"), List.of(Channel.EMAIL)),
                Map.of("u-1", withDefaults(emailOnly("u-1"))), NOW);

        assertThat(planned.getFirst().dispatch().locale()).isEqualTo("en");
    }

    @Test
    void suppressesUnknownUserOncePerChannelWithoutDispatching() {
        EventMessage event = event(List.of("ghost"), null);

        List<PlannedNotification> planned = planner.plan(event, Map.of(), NOW);

        assertThat(planned).extracting(PlannedNotification::dispatch).containsOnlyNulls();
        assertThat(planned).extracting(notification -> notification.status().channel())
                .containsExactly(Channel.values());
        assertThat(planned).extracting(notification -> notification.status().state()).containsOnly(NotificationState.SUPPRESSED);
        assertThat(planned).extracting(notification -> notification.status().reason()).containsOnly("unknown_user");
        assertThat(planned).extracting(notification -> notification.status().attempt()).containsOnly(NotificationPlanner.NO_ATTEMPT);
        assertThat(planned.getFirst().status().notificationId())
                .isEqualTo(NotificationIds.notificationId(event.eventId(), "ghost", Channel.EMAIL));
        assertThat(planned.getFirst().status().routingKey()).isEqualTo("email.suppressed");
    }

    @Test
    void decidesEveryRecipientOnEveryChannelOnce() {
        EventMessage event = event(List.of("u-1", "u-2", "u-1"), List.of(Channel.SMS, Channel.EMAIL, Channel.SMS));

        List<PlannedNotification> planned = planner.plan(event,
                Map.of("u-1", withDefaults(reachableEverywhere("u-1")), "u-2", withDefaults(emailOnly("u-2"))), NOW);

        assertThat(planned).extracting(notification -> notification.status().userId() + "/" + notification.status().channel().wireName()
                + "/" + notification.status().state().wireName())
                .containsExactly("u-1/sms/queued", "u-1/email/queued", "u-2/sms/suppressed", "u-2/email/queued");
    }

    @Test
    void eventWithoutChannelsGoesToAllFour() {
        assertThat(NotificationPlanner.channels(event(List.of("u-1"), null))).containsExactly(Channel.values());
        assertThat(NotificationPlanner.channels(event(List.of("u-1"), List.of()))).containsExactly(Channel.values());
    }

    @Test
    void defersInsideQuietHoursWithTheReleaseTimeAndAReason() {
        UserProfile user = reachableEverywhere("u-1");
        Recipient quiet = new Recipient(user, new Preferences(Map.of(), Map.of(),
                new QuietHours(java.time.LocalTime.of(13, 0), java.time.LocalTime.of(15, 0))));

        PlannedNotification planned = planner.plan(event(List.of("u-1"), List.of(Channel.EMAIL)), Map.of("u-1", quiet), NOW)
                .getFirst();

        assertThat(planned.deferred()).isTrue();
        assertThat(planned.dispatched()).isFalse();
        assertThat(planned.releaseAt()).isEqualTo(Instant.parse("2025-06-01T13:00:00Z"));
        assertThat(planned.dispatch().address()).isEqualTo("u-1@example.com");
        assertThat(planned.status().state()).isEqualTo(NotificationState.DEFERRED);
        assertThat(planned.status().routingKey()).isEqualTo("email.deferred");
        assertThat(planned.status().reason()).isEqualTo("quiet_hours: until 2025-06-01T13:00:00Z");
        assertThat(planned.status().attempt()).isEqualTo(NotificationPlanner.NO_ATTEMPT);
    }

    @Test
    void recordsWhatACriticalEventBypassed() {
        EventMessage critical = new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), "acme", "api", "password.reset",
                "security", true, List.of("u-1"), Map.of(), List.of(Channel.EMAIL), null, NOW);

        PlannedNotification planned = planner.plan(critical,
                Map.of("u-1", Recipients.withChannelOff(reachableEverywhere("u-1"), Channel.EMAIL)), NOW).getFirst();

        assertThat(planned.dispatched()).isTrue();
        assertThat(planned.dispatch().critical()).isTrue();
        assertThat(planned.status().reason()).isEqualTo("critical_bypass: channel_disabled");
    }

    @Test
    void aCriticalCategoryMakesItsEventsCritical() {
        TenantCategories categories = new TenantCategories(Map.of("orders",
                new CategoryDefault("orders", Map.of(), true, "Orders", null)));

        PlannedNotification planned = planner.plan(event(List.of("u-1"), List.of(Channel.EMAIL)),
                Map.of("u-1", Recipients.withChannelOff(reachableEverywhere("u-1"), Channel.EMAIL)), categories, NOW).getFirst();

        assertThat(planned.dispatched()).isTrue();
        assertThat(planned.dispatch().critical()).isTrue();
    }

    @Test
    void givesNonCriticalEmailsTheirCategorysUnsubscribeUrlAndNothingElse() {
        NotificationPlanner linking = new NotificationPlanner(PreferencePolicy.standard(), "en",
                (tenant, userId, category, channel) -> channel == Channel.EMAIL
                        ? java.util.Optional.of("https://h.example/unsubscribe?" + tenant + "/" + userId + "/" + category)
                        : java.util.Optional.empty());

        List<PlannedNotification> planned = linking.plan(event(List.of("u-1"), List.of(Channel.EMAIL, Channel.SMS)),
                Map.of("u-1", withDefaults(reachableEverywhere("u-1"))), NOW);
        EventMessage critical = new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), "acme", "api", "password.reset",
                "security", true, List.of("u-1"), Map.of(), List.of(Channel.EMAIL), null, NOW);

        assertThat(planned.get(0).dispatch().unsubscribeUrl()).isEqualTo("https://h.example/unsubscribe?acme/u-1/orders");
        assertThat(planned.get(1).dispatch().unsubscribeUrl()).isNull();
        assertThat(linking.plan(critical, Map.of("u-1", withDefaults(reachableEverywhere("u-1"))), NOW).getFirst()
                .dispatch().unsubscribeUrl()).isNull();
    }

    @Test
    void decidesADeferredNotificationAgainAtItsRelease() {
        Recipient quiet = new Recipient(reachableEverywhere("u-1"), new Preferences(Map.of(), Map.of(),
                new QuietHours(java.time.LocalTime.of(13, 0), java.time.LocalTime.of(15, 0))));
        PlannedNotification deferred = planner.plan(event(List.of("u-1"), List.of(Channel.EMAIL)), Map.of("u-1", quiet), NOW)
                .getFirst();
        Instant released = deferred.releaseAt();

        PlannedNotification sent = planner.replan(deferred.dispatch(), quiet, TenantCategories.NONE, released);
        PlannedNotification optedOut = planner.replan(deferred.dispatch(),
                Recipients.withChannelOff(reachableEverywhere("u-1"), Channel.EMAIL), TenantCategories.NONE, released);
        PlannedNotification gone = planner.replan(deferred.dispatch(), null, TenantCategories.NONE, released);

        assertThat(sent.dispatched()).isTrue();
        assertThat(sent.dispatch().notificationId()).isEqualTo(deferred.dispatch().notificationId());
        assertThat(sent.status().state()).isEqualTo(NotificationState.QUEUED);
        assertThat(sent.status().reason()).isEqualTo(NotificationPlanner.QUIET_HOURS_ENDED);
        assertThat(optedOut.status().state()).isEqualTo(NotificationState.SUPPRESSED);
        assertThat(optedOut.status().reason()).isEqualTo("channel_disabled");
        assertThat(gone.status().reason()).isEqualTo("unknown_user");
    }
}
