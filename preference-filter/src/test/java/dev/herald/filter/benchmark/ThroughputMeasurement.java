package dev.herald.filter.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.service.RecipientDirectory;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Events per second through the running filter: events are published to {@code herald.events} as fast as the broker
 * confirms them, and the clock stops when the last of their statuses arrived on {@code herald.status}. Also recipient
 * lookups per second through {@link RecipientDirectory} alone. It prints figures and asserts none: the machine is
 * shared, so a timed assertion would only be flaky.
 */
final class ThroughputMeasurement {

    static final int USERS = 200;
    static final int RECIPIENTS_PER_EVENT = 5;
    static final List<dev.herald.common.contract.Channel> CHANNELS =
            List.of(dev.herald.common.contract.Channel.EMAIL, dev.herald.common.contract.Channel.SMS);
    static final int WARM_UP_EVENTS = 300;
    static final int MEASURED_EVENTS = 1500;
    static final int LOOKUPS = 5000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThroughputMeasurement() {
    }

    /** Stores {@link #USERS} users with email, phone and a few preferences; returns their ids. */
    static List<String> users(Pool pool, String prefix) {
        List<Tuple> users = new ArrayList<>();
        List<Tuple> preferences = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String userId = prefix + "-" + i;
            ids.add(userId);
            users.add(Tuple.of("default", userId, userId + "@example.com", "+1415555" + String.format("%04d", i)));
            if (i % 3 == 0) {
                preferences.add(Tuple.of("default", userId));
            }
        }
        pool.preparedQuery("INSERT INTO preference.users (tenant, user_id, email, phone) VALUES ($1, $2, $3, $4)")
                .executeBatch(users).await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("INSERT INTO preference.preferences (tenant, user_id, categories) "
                        + "VALUES ($1, $2, '{\"marketing\": {\"sms\": false}}')")
                .executeBatch(preferences).await().atMost(Duration.ofSeconds(30));
        return ids;
    }

    static String run(String label, ConfirmingPublisher publisher, RecipientDirectory directory, List<String> users)
            throws Exception {
        Random random = new Random(42);
        Connection connection = dev.herald.filter.messaging.BrokerProbe.connectPatiently();
        try {
            Channel channel = connection.createChannel();
            Set<String> watched = ConcurrentHashMap.newKeySet();
            AtomicInteger statuses = new AtomicInteger();
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, Topology.STATUS_EXCHANGE, "#");
            channel.basicQos(1000);
            channel.basicConsume(queue, true, (tag, delivery) -> {
                if (watched.contains(JSON.readTree(delivery.getBody()).path("eventId").asText())) {
                    statuses.incrementAndGet();
                }
            }, tag -> { });

            publishAndAwait(publisher, users, random, WARM_UP_EVENTS, watched, statuses);
            statuses.set(0);
            watched.clear();
            long started = System.nanoTime();
            publishAndAwait(publisher, users, random, MEASURED_EVENTS, watched, statuses);
            double seconds = (System.nanoTime() - started) / 1e9;

            long lookupStart = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                directory.find("default", pick(users, random)).await().atMost(Duration.ofSeconds(10));
            }
            double lookupSeconds = (System.nanoTime() - lookupStart) / 1e9;

            int notifications = MEASURED_EVENTS * RECIPIENTS_PER_EVENT * CHANNELS.size();
            String line = String.format("preference-filter throughput [%s]: %d events (%d recipients x %d channels each) in %.2f s"
                            + " = %.0f events/s, %.0f notifications/s; recipient lookups (5 users each): %.0f/s",
                    label, MEASURED_EVENTS, RECIPIENTS_PER_EVENT, CHANNELS.size(), seconds, MEASURED_EVENTS / seconds,
                    notifications / seconds, LOOKUPS / lookupSeconds);
            System.out.println(line);
            return line;
        } finally {
            // Not close(): a graceful close waits on a broker that may still be busy; the exclusive queue goes anyway.
            connection.abort(2000);
        }
    }

    private static void publishAndAwait(ConfirmingPublisher publisher, List<String> users, Random random, int events,
            Set<String> watched, AtomicInteger statuses) throws Exception {
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            UUID eventId = UUID.randomUUID();
            watched.add(eventId.toString());
            String category = i % 4 == 0 ? "marketing" : "orders";
            confirms.add(publisher.publish(Topology.EVENTS_EXCHANGE, "", new EventMessage(EventMessage.SCHEMA_VERSION, eventId,
                    "default", "benchmark", "order.shipped", category, false, pick(users, random), Map.of("n", i), CHANNELS,
                    null, Instant.now()), null));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        int expected = events * RECIPIENTS_PER_EVENT * CHANNELS.size();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> statuses.get() >= expected);
    }

    private static List<String> pick(List<String> users, Random random) {
        List<String> picked = new ArrayList<>(RECIPIENTS_PER_EVENT);
        while (picked.size() < RECIPIENTS_PER_EVENT) {
            String user = users.get(random.nextInt(users.size()));
            if (!picked.contains(user)) {
                picked.add(user);
            }
        }
        return picked;
    }

}
