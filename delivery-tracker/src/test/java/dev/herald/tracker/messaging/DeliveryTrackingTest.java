package dev.herald.tracker.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.herald.common.contract.Channel.EMAIL;
import static dev.herald.common.contract.NotificationState.DELIVERED;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.event;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Events and statuses published to the real exchanges, observed through the REST API. */
@QuarkusTest
class DeliveryTrackingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerConnection broker;

    @Test
    void recordsSentWithProviderMessageIdAfterQueued() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("alice");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        publish(publisher, event(eventId, List.of(user)));
        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));
        publish(publisher, status(eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-123", null));

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .statusCode(200)
                .body("state", equalTo("sent"))
                .body("history", hasSize(2)));

        api().get("/v1/notifications/{id}", notificationId).then()
                .body("notificationId", equalTo(notificationId.toString()))
                .body("eventId", equalTo(eventId.toString()))
                .body("userId", equalTo(user))
                .body("channel", equalTo("email"))
                .body("attempt", equalTo(1))
                .body("provider", equalTo("sendgrid"))
                .body("providerMessageId", equalTo("sg-123"))
                .body("history.state", contains("queued", "sent"))
                .body("history.attempt", contains(0, 1))
                .body("history.ignored", contains(false, false))
                .body("history[1].detail", equalTo("sendgrid message sg-123"));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/events/{id}", eventId).then()
                .statusCode(200)
                .body("type", equalTo("order.shipped"))
                .body("category", equalTo("orders"))
                .body("source", equalTo("checkout"))
                .body("critical", equalTo(false))
                .body("recipients", equalTo(1))
                .body("notifications", hasSize(1))
                .body("notifications[0].state", equalTo("sent"))
                .body("notifications[0].providerMessageId", equalTo("sg-123"))
                .body("counts", equalTo(Map.of("sent", 1))));
    }

    @Test
    void keepsSentWhenQueuedArrivesLate() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("bob");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        publish(publisher, status(eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-late", null));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .statusCode(200).body("state", equalTo("sent")));

        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .body("history", hasSize(2)));
        api().get("/v1/notifications/{id}", notificationId).then()
                .body("state", equalTo("sent"))
                .body("attempt", equalTo(1))
                .body("providerMessageId", equalTo("sg-late"))
                .body("history.find { it.state == 'queued' }.ignored", equalTo(true))
                .body("history.find { it.state == 'sent' }.ignored", equalTo(false));
    }

    @Test
    void duplicateStatusIsNotDoubledInHistory() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("carol");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        StatusMessage queued = status(eventId, user, EMAIL, QUEUED, 0);
        StatusMessage sent = status(eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-dup", null);
        publish(publisher, queued);
        publish(publisher, sent);
        publish(publisher, sent);
        publish(publisher, queued);
        publish(publisher, status(eventId, user, EMAIL, DELIVERED, 1));

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .statusCode(200).body("state", equalTo("delivered")));
        // Batches run concurrently, so the first queued may be applied after sent (then kept as ignored): what
        // matters is that each status appears once, however often it was delivered.
        api().get("/v1/notifications/{id}", notificationId).then()
                .body("history.state", contains("queued", "sent", "delivered"))
                .body("providerMessageId", equalTo("sg-dup"));
    }

    @Test
    void statusBeforeItsEventIsStillQueryable() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("dave");
        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/events/{id}", eventId).then()
                .statusCode(200)
                .body("eventId", equalTo(eventId.toString()))
                .body("type", nullValue())
                .body("notifications", hasSize(1))
                .body("notifications[0].userId", equalTo(user))
                .body("counts.queued", equalTo(1)));

        publish(publisher, event(eventId, List.of(user)));
        publish(publisher, event(eventId, List.of(user)));

        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/events/{id}", eventId).then()
                .statusCode(200)
                .body("type", equalTo("order.shipped"))
                .body("tenant", equalTo("default"))
                .body("recipients", equalTo(1))
                .body("notifications", hasSize(1)));
    }

    @Test
    void undecodableStatusLandsInTheDeadLetterQueue() throws Exception {
        String marker = "not a status " + UUID.randomUUID();
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).build();
        publisher.publishRaw(Topology.STATUS_EXCHANGE, "email.sent", properties, marker.getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);

        String deadLetterQueue = Topology.deadLetterQueue(Topology.STATUS_TRACKER_QUEUE);
        assertEquals("herald.status.tracker.dlq", deadLetterQueue);
        try (Channel channel = broker.connection().createChannel()) {
            await().atMost(PATIENCE).until(() -> {
                GetResponse message = channel.basicGet(deadLetterQueue, true);
                return message != null && new String(message.getBody(), StandardCharsets.UTF_8).equals(marker);
            });
        }
    }

    @Test
    void incompleteEventLandsInTheDeadLetterQueue() throws Exception {
        String marker = "{\"schemaVersion\":1,\"type\":\"order.shipped\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).build();
        publisher.publishRaw(Topology.EVENTS_EXCHANGE, "", properties, marker.getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);

        try (Channel channel = broker.connection().createChannel()) {
            await().atMost(PATIENCE).until(() -> {
                GetResponse message = channel.basicGet(Topology.deadLetterQueue(Topology.EVENTS_TRACKER_QUEUE), true);
                return message != null && new String(message.getBody(), StandardCharsets.UTF_8).equals(marker);
            });
        }
    }
}
