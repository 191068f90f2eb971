package dev.herald.tracker.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.tracker.messaging.QueueDepths.QueueDepth;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.herald.tracker.TrackerFixtures.event;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of events on {@code herald.events.tracker}, written in batches: duplicates, redeliveries of events
 * recorded before and one event PostgreSQL refuses, all at once. Every event must end up recorded exactly once as
 * first recorded, the refused one alone in the DLQ, and no message acknowledged before its insert committed.
 */
@QuarkusTest
class EventBatchingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How often the management API refreshes its queue figures (RabbitMQ's default statistics interval). */
    private static final Duration STATISTICS_INTERVAL = Duration.ofSeconds(5);

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerConnection broker;

    @Inject
    QueueDepths depths;

    @Inject
    Pool pool;

    @Test
    void aBurstWithDuplicatesAndABadEventRecordsEachEventOnceAndAcknowledgesOnlyAfterCommit() throws Exception {
        List<EventMessage> earlier = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EventMessage event = event(UUID.randomUUID(), List.of(uniqueUser("earlier")));
            earlier.add(event);
            publish(publisher, event);
        }
        await().atMost(PATIENCE).until(() -> recorded(ids(earlier)).size() == earlier.size());

        // A transaction of the test's own inserts this event first and stays open: the batch holding it waits on its
        // row, and so must every event of that batch stay unacknowledged. Its id is the lowest of all (PostgreSQL
        // compares uuids byte by byte), so that batch waits before inserting (and locking) any other row.
        Random random = new Random(7);
        EventMessage heldBack = event(new UUID(0, random.nextLong()), List.of(uniqueUser("held1"), uniqueUser("held2")));
        List<EventMessage> fresh = new ArrayList<>(List.of(heldBack));
        for (int i = 0; i < 300; i++) {
            fresh.add(event(UUID.randomUUID(), List.of(uniqueUser("a" + i), uniqueUser("b" + i))));
        }
        List<EventMessage> burst = new ArrayList<>(fresh);
        fresh.subList(1, 61).forEach(burst::add);
        fresh.subList(1, 21).forEach(burst::add);
        // Redeliveries of recorded events, changed: they must change nothing.
        earlier.forEach(event -> burst.add(withType(event, "order.changed")));
        earlier.forEach(event -> burst.add(withType(event, "order.changed")));
        EventMessage bad = withType(event(UUID.randomUUID(), List.of(uniqueUser("bad"))), "order\u0000shipped");
        burst.add(bad);
        Collections.shuffle(burst, random);

        SqlConnection blocker = pool.getConnection().await().atMost(PATIENCE);
        try {
            Transaction transaction = blocker.begin().await().atMost(PATIENCE);
            blocker.preparedQuery("""
                            INSERT INTO tracker.event (event_id, tenant, type, recipient_count, accepted_at)
                            VALUES ($1, 'default', 'held.back', 0, now())""")
                    .execute(Tuple.of(heldBack.eventId())).await().atMost(PATIENCE);

            List<CompletableFuture<Void>> confirms = new ArrayList<>();
            for (EventMessage event : burst) {
                confirms.add(publisher.publish("", Topology.EVENTS_TRACKER_QUEUE, event, TraceParent.newTrace()));
            }
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).join();

            // The management API's figures lag (more so on a busy broker): they must show the held batch
            // unacknowledged, and nothing left to deliver, for a while on end.
            await().atMost(PATIENCE).during(STATISTICS_INTERVAL.multipliedBy(2))
                    .until(() -> tracker(), depth -> depth.ready() == 0 && depth.unacknowledged() >= 1);
            assertFalse(recorded(ids(fresh)).containsKey(heldBack.eventId()));
            transaction.rollback().await().atMost(PATIENCE);
        } finally {
            blocker.close().await().atMost(PATIENCE);
        }

        await().atMost(PATIENCE).until(() -> recorded(ids(fresh)).size() == fresh.size() && tracker().messages() == 0);
        Map<UUID, String> types = recorded(ids(fresh));
        fresh.forEach(event -> assertEquals("order.shipped", types.get(event.eventId())));
        assertEquals(2, recipientCount(heldBack.eventId()), "the held-back event recorded by the consumer");
        Map<UUID, String> earlierTypes = recorded(ids(earlier));
        earlier.forEach(event -> assertEquals("order.shipped", earlierTypes.get(event.eventId()), "unchanged"));
        assertEquals(Map.of(), recorded(List.of(bad.eventId())));
        awaitDeadLettered(bad.eventId());
    }

    private static EventMessage withType(EventMessage event, String type) {
        return new EventMessage(event.schemaVersion(), event.eventId(), event.tenant(), event.source(), type,
                event.category(), event.critical(), event.recipients(), event.data(), event.channels(),
                event.expiresAt(), event.acceptedAt());
    }

    private static List<UUID> ids(List<EventMessage> events) {
        return events.stream().map(EventMessage::eventId).toList();
    }

    private QueueDepth tracker() {
        return depths.all().await().atMost(PATIENCE).get(Topology.EVENTS_TRACKER_QUEUE);
    }

    /** The recorded events among {@code ids}, with their types. */
    private Map<UUID, String> recorded(List<UUID> ids) {
        Map<UUID, String> types = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT event_id, type FROM tracker.event WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).await().atMost(PATIENCE)) {
            types.put(row.getUUID(0), row.getString(1));
        }
        return types;
    }

    private int recipientCount(UUID eventId) {
        return pool.preparedQuery("SELECT recipient_count FROM tracker.event WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().atMost(PATIENCE).iterator().next().getInteger(0);
    }

    private void awaitDeadLettered(UUID eventId) throws Exception {
        String marker = eventId.toString();
        try (Channel channel = broker.connection().createChannel()) {
            await().atMost(PATIENCE).until(() -> {
                GetResponse message = channel.basicGet(Topology.deadLetterQueue(Topology.EVENTS_TRACKER_QUEUE), true);
                return message != null && new String(message.getBody(), StandardCharsets.UTF_8).contains(marker);
            });
        }
    }
}
