package dev.herald.tracker;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/** Messages as the other services publish them, and an authenticated API client. */
public final class TrackerFixtures {

    public static final String API_KEY = "test-api-key";
    public static final String TENANT = "default";

    private TrackerFixtures() {
    }

    public static RequestSpecification api() {
        return given().auth().oauth2(API_KEY);
    }

    public static RequestSpecification api(String key) {
        return given().auth().oauth2(key);
    }

    /** A unique prefix for user ids, so tests never see each other's notifications. */
    public static String uniqueUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static EventMessage event(UUID eventId, List<String> recipients) {
        return new EventMessage(EventMessage.SCHEMA_VERSION, eventId, TENANT, "checkout", "order.shipped", "orders",
                false, recipients, Map.of("orderId", "o-1"), List.of(Channel.EMAIL), null, Instant.now());
    }

    public static StatusMessage status(UUID eventId, String userId, Channel channel, NotificationState state,
            int attempt) {
        return status(eventId, userId, channel, state, attempt, null, null, null);
    }

    public static StatusMessage status(UUID eventId, String userId, Channel channel, NotificationState state,
            int attempt, String provider, String providerMessageId, String reason) {
        return status(TENANT, eventId, userId, channel, state, attempt, provider, providerMessageId, reason);
    }

    public static StatusMessage status(String tenant, UUID eventId, String userId, Channel channel,
            NotificationState state, int attempt, String provider, String providerMessageId, String reason) {
        return new StatusMessage(StatusMessage.SCHEMA_VERSION, NotificationIds.notificationId(eventId, userId, channel),
                eventId, tenant, userId, channel, state, Instant.now(), attempt, provider, providerMessageId, reason);
    }

    /** Publishes to {@code herald.events} and waits for the broker's confirm. */
    public static void publish(ConfirmingPublisher publisher, EventMessage event) throws Exception {
        publisher.publish(Topology.EVENTS_EXCHANGE, "", event, TraceParent.newTrace()).get(10, TimeUnit.SECONDS);
    }

    /** Publishes to {@code herald.status} and waits for the broker's confirm. */
    public static void publish(ConfirmingPublisher publisher, StatusMessage status) throws Exception {
        publisher.publish(Topology.STATUS_EXCHANGE, status.routingKey(), status, TraceParent.newTrace())
                .get(10, TimeUnit.SECONDS);
    }
}
