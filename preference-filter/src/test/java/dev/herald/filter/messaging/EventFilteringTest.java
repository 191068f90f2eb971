package dev.herald.filter.messaging;

import dev.herald.test.RabbitManagement;
import com.rabbitmq.client.AMQP;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events published to herald.events, filtered by the running service, observed on the real exchanges. */
@QuarkusTest
class EventFilteringTest extends BrokerProbeFixture {

    /** The test vhost, as TestInfrastructureResources set it. */
    private static String vhost() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("herald.rabbitmq.virtual-host", String.class);
    }


    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Inject
    ConfirmingPublisher publisher;

    private static String createUser(String body) {
        String userId = uniqueUserId("e2e");
        asDefaultTenant().body(body).put("/v1/users/{id}", userId).then().statusCode(201);
        return userId;
    }

    private static void setPreferences(String userId, String body) {
        asDefaultTenant().body(body).put("/v1/users/{id}/preferences", userId).then().statusCode(200);
    }

    private UUID publish(String tenant, String category, boolean critical, List<String> recipients, List<Channel> channels)
            throws Exception {
        UUID eventId = UUID.randomUUID();
        EventMessage event = new EventMessage(EventMessage.SCHEMA_VERSION, eventId, tenant, "api", "order.shipped", category,
                critical, recipients, Map.of("orderId", "o-42"), channels, Instant.parse("2099-01-01T00:00:00Z"), Instant.now());
        publisher.publish(Topology.EVENTS_EXCHANGE, "", event, TRACEPARENT).get(5, TimeUnit.SECONDS);
        return eventId;
    }

    private UUID publish(String category, boolean critical, List<String> recipients, List<Channel> channels) throws Exception {
        return publish("default", category, critical, recipients, channels);
    }

    /**
     * Waits for one status per (recipient, channel); any dispatch of the event was published before its status and
     * has therefore been received too.
     */
    private List<BrokerProbe.Received> awaitStatuses(UUID eventId, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= expected);
        return probe.statuses(eventId);
    }

    @Test
    void dispatchesToTheUsersEmailWithADeterministicIdAndAQueuedStatus() throws Exception {
        String userId = createUser("{\"email\": \"grace@example.com\", \"locale\": \"fr-FR\"}");

        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL));

        List<BrokerProbe.Received> statuses = awaitStatuses(eventId, 1);
        String notificationId = NotificationIds.notificationId(eventId, userId, Channel.EMAIL).toString();
        assertThat(probe.dispatches(eventId)).singleElement().satisfies(dispatch -> {
            assertThat(dispatch.routingKey()).isEqualTo("email");
            assertThat(dispatch.body().path("notificationId").asText()).isEqualTo(notificationId);
            assertThat(dispatch.body().path("tenant").asText()).isEqualTo("default");
            assertThat(dispatch.body().path("userId").asText()).isEqualTo(userId);
            assertThat(dispatch.body().path("channel").asText()).isEqualTo("email");
            assertThat(dispatch.body().path("address").asText()).isEqualTo("grace@example.com");
            assertThat(dispatch.body().path("locale").asText()).isEqualTo("fr-FR");
            assertThat(dispatch.body().path("type").asText()).isEqualTo("order.shipped");
            assertThat(dispatch.body().path("data").path("orderId").asText()).isEqualTo("o-42");
            assertThat(dispatch.body().path("attempt").asInt()).isEqualTo(1);
            assertThat(dispatch.body().path("expiresAt").asText()).isEqualTo("2099-01-01T00:00:00Z");
            assertThat(dispatch.header(MessageHeaders.ATTEMPT)).isEqualTo("1");
            assertThat(dispatch.header(MessageHeaders.TRACEPARENT)).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                    .isNotEqualTo(TRACEPARENT);
        });
        assertThat(statuses).singleElement().satisfies(status -> {
            assertThat(status.routingKey()).isEqualTo("email.queued");
            assertThat(status.body().path("notificationId").asText()).isEqualTo(notificationId);
            assertThat(status.body().path("state").asText()).isEqualTo("queued");
        });
    }

    @Test
    void addressesEveryChannelOfAFullyReachableUserAndDefaultsTheLocale() throws Exception {
        String userId = createUser("""
                {"email": "ada@example.com", "phone": "+14155550100", "pushTokens": ["tok-1", "tok-2"],
                 "slack": {"channel": "C123"}}""");

        UUID eventId = publish("orders", false, List.of(userId), null);

        awaitStatuses(eventId, 4);
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.routingKey() + "=" + dispatch.body().path("address").asText())
                .containsExactlyInAnyOrder("email=ada@example.com", "sms=+14155550100", "push=tok-1,tok-2", "slack=channel:C123");
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.body().path("locale").asText()).containsOnly("en");
        assertThat(probe.statuses(eventId)).extracting(BrokerProbe.Received::routingKey)
                .containsExactlyInAnyOrder("email.queued", "sms.queued", "push.queued", "slack.queued");
    }

    @Test
    void suppressesAChannelTheUserSwitchedOff() throws Exception {
        String userId = createUser("{\"email\": \"off@example.com\"}");
        setPreferences(userId, "{\"channels\": {\"email\": false}}");

        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL));

        assertThat(awaitStatuses(eventId, 1)).singleElement().satisfies(status -> assertSuppressed(status, "email", "channel_disabled"));
        assertThat(probe.dispatches(eventId)).isEmpty();
    }

    @Test
    void suppressesSmsForAUserWithoutPhone() throws Exception {
        String userId = createUser("{\"email\": \"nophone@example.com\"}");

        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.SMS));

        assertThat(awaitStatuses(eventId, 1)).singleElement().satisfies(status -> assertSuppressed(status, "sms", "no_contact_point"));
        assertThat(probe.dispatches(eventId)).isEmpty();
    }

    @Test
    void suppressesAnUnknownUserOnEveryChannelAndAmongOthers() throws Exception {
        String known = createUser("{\"email\": \"known@example.com\"}");
        String unknown = uniqueUserId("ghost");

        UUID eventId = publish("orders", false, List.of(unknown, known), List.of(Channel.EMAIL, Channel.PUSH));

        List<BrokerProbe.Received> statuses = awaitStatuses(eventId, 4);
        assertThat(statuses).filteredOn(status -> status.body().path("userId").asText().equals(unknown))
                .hasSize(2)
                .allSatisfy(status -> assertThat(status.body().path("reason").asText()).isEqualTo("unknown_user"));
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.body().path("userId").asText())
                .containsExactly(known);
    }

    @Test
    void aUserOfAnotherTenantIsUnknown() throws Exception {
        String userId = createUser("{\"email\": \"tenant@example.com\"}");

        UUID eventId = publish("some-other-tenant", "orders", false, List.of(userId), List.of(Channel.EMAIL));

        assertThat(awaitStatuses(eventId, 1)).singleElement().satisfies(status -> assertSuppressed(status, "email", "unknown_user"));
        assertThat(probe.dispatches(eventId)).isEmpty();
    }

    @Test
    void aCriticalEventBypassesTheUsersOptOuts() throws Exception {
        String userId = createUser("{\"email\": \"critical@example.com\"}");
        setPreferences(userId, "{\"channels\": {\"email\": false}, \"categories\": {\"security\": {\"email\": false}}}");

        UUID eventId = publish("security", true, List.of(userId), List.of(Channel.EMAIL, Channel.SMS));

        List<BrokerProbe.Received> statuses = awaitStatuses(eventId, 2);
        assertThat(probe.dispatches(eventId)).extracting(BrokerProbe.Received::routingKey).containsExactly("email");
        assertThat(statuses).extracting(BrokerProbe.Received::routingKey)
                .containsExactlyInAnyOrder("email.queued", "sms.suppressed");
        assertThat(statuses).filteredOn(status -> status.routingKey().equals("sms.suppressed"))
                .singleElement().satisfies(status -> assertSuppressed(status, "sms", "no_contact_point"));
    }

    @Test
    void respectsTheUsersCategoryChoice() throws Exception {
        String userId = createUser("{\"email\": \"news@example.com\"}");
        setPreferences(userId, "{\"categories\": {\"marketing\": {\"email\": false}}}");

        UUID marketing = publish("marketing", false, List.of(userId), List.of(Channel.EMAIL));
        UUID orders = publish("orders", false, List.of(userId), List.of(Channel.EMAIL));

        assertThat(awaitStatuses(marketing, 1)).singleElement()
                .satisfies(status -> assertSuppressed(status, "email", "category_disabled"));
        assertThat(probe.dispatches(marketing)).isEmpty();
        assertThat(awaitStatuses(orders, 1)).singleElement()
                .satisfies(status -> assertThat(status.routingKey()).isEqualTo("email.queued"));
        assertThat(probe.dispatches(orders)).hasSize(1);
    }

    @Test
    void holdsAnEventWhileTheBrokerRefusesPartOfItsWorkAndAcknowledgesItOnceAllIsConfirmed() throws Exception {
        String userId = createUser("{\"email\": \"held@example.com\", \"phone\": \"+14155550199\"}");
        String policy = "test-refuse-sms";
        RabbitManagement.refusePublishesTo(vhost(), Channel.SMS.workQueue(), policy);
        UUID eventId;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> refusesPublishes(Channel.SMS));
            eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL, Channel.SMS));

            // Each attempt republishes what was already confirmed (same notification id): the event is retried...
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.dispatches(eventId).stream()
                    .filter(dispatch -> dispatch.routingKey().equals("email")).count() >= 2);
            // ...announces nothing before all its dispatches are taken, and is not dead-lettered. (The probe's own
            // queue takes the SMS dispatches that herald.sms refuses.)
            assertThat(probe.statuses(eventId)).isEmpty();
            assertThat(BrokerProbe.drain(Topology.deadLetterQueue(Topology.EVENTS_FILTER_QUEUE)))
                    .noneMatch(body -> body.contains(eventId.toString()));
        } finally {
            RabbitManagement.removePolicy(vhost(), policy);
        }

        assertThat(awaitStatuses(eventId, 2)).extracting(BrokerProbe.Received::routingKey)
                .containsExactlyInAnyOrder("email.queued", "sms.queued");
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.body().path("notificationId").asText())
                .containsOnly(NotificationIds.notificationId(eventId, userId, Channel.EMAIL).toString(),
                        NotificationIds.notificationId(eventId, userId, Channel.SMS).toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> RabbitManagement.depth(vhost(), Topology.EVENTS_FILTER_QUEUE) == 0);
    }

    /** Whether a publish to the channel's queue is now refused (the policy has been applied). */
    private boolean refusesPublishes(Channel channel) {
        try {
            publisher.publish(Topology.DISPATCH_EXCHANGE, channel.wireName(), Map.of("probe", true), null).get(5, TimeUnit.SECONDS);
            return false;
        } catch (Exception refused) {
            return true;
        }
    }

    @Test
    void deadLettersEventsThatCanNeverBeProcessed() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "not json " + marker;
        String noTenant = "{\"schemaVersion\": 1, \"eventId\": \"" + UUID.randomUUID() + "\", \"type\": \"t\", \"recipients\": [\"u\"], \"marker\": \"" + marker + "\"}";
        publishRaw(notJson, "application/json", null);
        publishRaw(notJson, "application/json", "utf-8");
        publishRaw(noTenant, "application/json", "utf-8");

        List<String> deadLetters = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            deadLetters.addAll(BrokerProbe.drain(Topology.deadLetterQueue(Topology.EVENTS_FILTER_QUEUE)));
            assertThat(deadLetters).filteredOn(body -> body.contains(marker)).hasSize(3);
        });
        assertThat(deadLetters).contains(notJson, noTenant);
    }

    private void publishRaw(String body, String contentType, String contentEncoding) throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(contentType).contentEncoding(contentEncoding).deliveryMode(2).build();
        publisher.publishRaw(Topology.EVENTS_EXCHANGE, "", properties, body.getBytes(StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS);
    }

    private static void assertSuppressed(BrokerProbe.Received status, String channel, String reason) {
        assertThat(status.routingKey()).isEqualTo(channel + ".suppressed");
        assertThat(status.body().path("state").asText()).isEqualTo("suppressed");
        assertThat(status.body().path("reason").asText()).isEqualTo(reason);
        assertThat(status.body().path("notificationId").asText()).isEqualTo(NotificationIds.notificationId(
                UUID.fromString(status.body().path("eventId").asText()), status.body().path("userId").asText(),
                Channel.fromWire(channel)).toString());
    }
}
