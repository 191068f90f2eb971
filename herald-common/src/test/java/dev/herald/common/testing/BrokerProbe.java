package dev.herald.common.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.Topology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The tests' eyes on the broker: a temporary queue bound to {@code herald.status} with {@code #} collects every
 * status, and wait or dead-letter queues are drained into memory so that each test can find its own messages.
 */
@ApplicationScoped
public class BrokerProbe {

    private final BrokerConnection broker;
    private final ObjectMapper json;
    private final List<StatusMessage> statuses = new CopyOnWriteArrayList<>();
    private final Map<String, List<Delivery>> drained = new ConcurrentHashMap<>();
    private Channel getter;

    BrokerProbe(BrokerConnection broker, ObjectMapper json) {
        this.broker = broker;
        this.json = json;
    }

    void listen(@Observes StartupEvent event) throws IOException {
        Channel consumer = broker.connection().createChannel();
        String queue = consumer.queueDeclare().getQueue();
        consumer.queueBind(queue, Topology.STATUS_EXCHANGE, "#");
        consumer.basicConsume(queue, true, (tag, delivery) -> statuses.add(json.readValue(delivery.getBody(), StatusMessage.class)),
                tag -> { });
        getter = broker.connection().createChannel();
    }

    /** Waits for the status {@code state} of the notification and returns it. */
    public StatusMessage awaitStatus(UUID notificationId, NotificationState state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> status(notificationId, state), Optional::isPresent).get();
    }

    public List<StatusMessage> statusesOf(UUID notificationId) {
        return statuses.stream().filter(status -> status.notificationId().equals(notificationId)).toList();
    }

    /** Waits until {@code queue} holds a message matching {@code match}, taking every message it holds off it. */
    public Delivery awaitMessage(String queue, Predicate<Delivery> match) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain(queue);
            return drained.getOrDefault(queue, List.of()).stream().filter(match).findFirst();
        }, Optional::isPresent).get();
    }

    private Optional<StatusMessage> status(UUID notificationId, NotificationState state) {
        return statuses.stream()
                .filter(status -> status.notificationId().equals(notificationId) && status.state() == state)
                .findFirst();
    }

    private synchronized void drain(String queue) {
        try {
            GetResponse response;
            while ((response = getter.basicGet(queue, true)) != null) {
                Map<String, Object> headers = new HashMap<>();
                if (response.getProps().getHeaders() != null) {
                    response.getProps().getHeaders().forEach((name, value) -> headers.put(name,
                            value instanceof Number ? value : String.valueOf(value)));
                }
                drained.computeIfAbsent(queue, name -> new CopyOnWriteArrayList<>())
                        .add(new Delivery(headers, new String(response.getBody(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message taken off a queue: its headers (strings or numbers) and its body as text. */
    public record Delivery(Map<String, Object> headers, String body) {
    }
}
