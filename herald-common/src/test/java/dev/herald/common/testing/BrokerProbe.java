package dev.herald.common.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.runtime.StartupEvent;
import io.restassured.RestAssured;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The tests' eyes and hands on the broker: temporary queues collect every status on {@code herald.status} (bound with
 * {@code #}) and every hygiene message on {@code herald.hygiene}; wait or dead-letter queues are drained into memory so
 * that each test can find its own messages; dispatches are published the way the preference filter publishes them.
 */
@ApplicationScoped
public class BrokerProbe {

    private final BrokerConnection broker;
    private final ConfirmingPublisher publisher;
    private final ObjectMapper json;
    private final List<StatusMessage> statuses = new CopyOnWriteArrayList<>();
    private final List<SuppressionMessage> suppressions = new CopyOnWriteArrayList<>();
    private final Map<String, List<Delivery>> drained = new ConcurrentHashMap<>();
    private Channel getter;

    BrokerProbe(BrokerConnection broker, ConfirmingPublisher publisher, ObjectMapper json) {
        this.broker = broker;
        this.publisher = publisher;
        this.json = json;
    }

    void listen(@Observes StartupEvent event) throws IOException {
        Channel consumer = broker.connection().createChannel();
        String statusQueue = consumer.queueDeclare().getQueue();
        consumer.queueBind(statusQueue, Topology.STATUS_EXCHANGE, "#");
        consumer.basicConsume(statusQueue, true,
                (tag, delivery) -> statuses.add(json.readValue(delivery.getBody(), StatusMessage.class)), tag -> { });
        String hygieneQueue = consumer.queueDeclare().getQueue();
        consumer.queueBind(hygieneQueue, Topology.HYGIENE_EXCHANGE, "");
        consumer.basicConsume(hygieneQueue, true,
                (tag, delivery) -> suppressions.add(json.readValue(delivery.getBody(), SuppressionMessage.class)),
                tag -> { });
        getter = broker.connection().createChannel();
    }

    /**
     * Waits until the service reports ready ({@code /q/health/ready} answers 200): a busy shared broker can keep the
     * messaging connector waiting, so a test that publishes before the consumer listens would wait in vain.
     */
    public void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    }

    /**
     * Publishes {@code dispatch} to {@code herald.dispatch}, routed to its channel's queue, as the preference filter
     * does: with a new trace and its attempt in the {@code x-herald-attempt} header; returns once the broker
     * confirmed it.
     */
    public void publishDispatch(DispatchMessage dispatch) {
        try {
            publisher.publish(Topology.DISPATCH_EXCHANGE, dispatch.channel().wireName(), dispatch, TraceParent.newTrace(),
                    Map.of(MessageHeaders.ATTEMPT, dispatch.attempt())).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing the test dispatch failed", e);
        }
    }

    /** Waits for the status {@code state} of the notification and returns it. */
    public StatusMessage awaitStatus(UUID notificationId, NotificationState state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> status(notificationId, state), Optional::isPresent).get();
    }

    public List<StatusMessage> statusesOf(UUID notificationId) {
        return statuses.stream().filter(status -> status.notificationId().equals(notificationId)).toList();
    }

    /** Waits for a hygiene message on {@code herald.hygiene} that matches {@code match} and returns it. */
    public SuppressionMessage awaitSuppression(Predicate<SuppressionMessage> match) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> suppressions.stream().filter(match).findFirst(), Optional::isPresent).get();
    }

    /** The hygiene messages seen so far that a notification revealed. */
    public List<SuppressionMessage> suppressionsOf(UUID notificationId) {
        return suppressions.stream()
                .filter(suppression -> notificationId.equals(suppression.notificationId()))
                .toList();
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
